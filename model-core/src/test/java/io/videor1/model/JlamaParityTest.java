package io.videor1.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.config.TextConfig;
import io.videor1.model.io.SafeDType;
import io.videor1.model.preprocess.ModelInputs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text decoder against jlama 0.8.4 on the same tiny Hugging Face Qwen2 checkpoint: logits within 1e-4.
 *
 * <p>jlama needs Java 21+, so it runs in a child JVM; the test skips when no such JVM or no jlama jar is found. The
 * vocabulary is a multiple of 128 to stay clear of jlama's native-kernel bug on other sizes (its Panama backend,
 * used here, is exact anyway).
 */
class JlamaParityTest {
  @TempDir Path tmp;

  @Test
  void qwen2LogitsMatchJlama() throws Exception {
    Assumptions.assumeTrue(JlamaRunner.available(), "jlama parity skipped: needs a Java 21+ JDK under /usr/lib/jvm or "
        + "$JLAMA_JAVA and jlama-core on the test classpath");
    TextConfig text = new TextConfig(384, 64, 128, 2, 4, 2, 1e-6, 1_000_000.0, List.of(8, 0, 0), false, 4096, "silu");
    Qwen25VlConfig cfg = new Qwen25VlConfig("qwen2", text, null, 268, 269, 265, 266, 256, 258, "float32", null);
    Path ckpt = tmp.resolve("qwen2");
    int[] ids;
    float[] ours;
    try (VisionLanguageModel vlm = TinyCheckpoints.random(tmp.resolve("tok"), cfg, 71, 0.1)) {
      vlm.save(ckpt, SafeDType.F32, Long.MAX_VALUE);
      ids = vlm.tokenizer().encode("Question: what happens after the person opens the door? Answer:");
      try (NDManager m = vlm.newManager()) {
        ours = TinyCheckpoints.logits(vlm, ModelInputs.text(ids));
      }
    }
    float[][] theirs = JlamaRunner.logits(ckpt, ids, 384);
    double worst = 0;
    for (int t = 0; t < ids.length; t++) {
      for (int v = 0; v < 384; v++) {
        worst = Math.max(worst, Math.abs(theirs[t][v] - ours[t * 384 + v]));
      }
    }
    System.out.printf("jlama parity: max |dlogit| %.3g over %d positions%n", worst, ids.length);
    assertTrue(worst < 1e-4, "max |Δlogit| vs jlama " + worst);
  }
}
