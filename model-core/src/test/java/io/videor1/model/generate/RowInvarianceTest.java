package io.videor1.model.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.videor1.model.TinyCheckpoints;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.config.TextConfig;
import io.videor1.model.nn.RowChunks;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link Generator#generateBatch} relies on: a row of a decode step (embedding, norms, linear layers, SwiGLU,
 * rotary, the LM head), its products run in chunks of {@link Generator#ROW_QUANTUM} rows ({@link RowChunks}), has the
 * same bits in every batch of a multiple of the quantum, wherever the row sits, on the demo's widths and on the mid
 * preset's (two of its layers, its 32,000-id head), with 1 and 2 engine threads. Attention is not part of it: each
 * prompt's rows attend on their own. (Measured on an AMD EPYC with AVX-512: RMSNorm's {@code pow} and SiLU's
 * {@code sigmoid} give about 3 % of values other bits in the scalar loop that finishes a tensor whose size is not a
 * multiple of 32, and a linear layer rounds otherwise below 4 rows, and with 2 threads at 5-7 and 9-11 rows. On an
 * Intel Xeon, cpu family 6 model 207, with 2 threads the mid preset's down projection rounds every row otherwise in a
 * product of 32 rows than in one of 96, which the unchunked products of the test's first version failed on; hence
 * the chunks. So a row of a batch of 8 can differ from the same row in a batch of 32, which is why the batched path
 * pads and the default path, which keeps the shapes rollouts always had, does not.)
 */
class RowInvarianceTest {
  private static final int ROWS = 3 * Generator.ROW_QUANTUM;

  @Test
  void aRowHasTheSameBitsInEveryBatchOfAMultipleOfTheQuantum(@TempDir Path dir) throws Exception {
    Qwen25VlConfig mid = ModelPresets.mid();
    TextConfig t = mid.text();
    TextConfig twoLayers = new TextConfig(t.vocabSize(), t.hiddenSize(), t.intermediateSize(), 2,
        t.numAttentionHeads(), t.numKeyValueHeads(), t.rmsNormEps(), t.ropeTheta(), t.mropeSection(),
        t.tieWordEmbeddings(), t.maxPositionEmbeddings(), t.hiddenAct());
    Qwen25VlConfig midTwo = new Qwen25VlConfig(mid.modelType(), twoLayers, mid.vision(), mid.imageTokenId(),
        mid.videoTokenId(), mid.visionStartTokenId(), mid.visionEndTokenId(), mid.bosTokenId(), mid.eosTokenId(),
        mid.torchDtype(), null);
    try (VisionLanguageModel tiny = TinyCheckpoints.tiny(dir.resolve("tiny"), 3);
        VisionLanguageModel wide = TinyCheckpoints.random(dir.resolve("mid"), midTwo, 3, 0.02)) {
      int threads = JniUtils.getNumThreads();
      try {
        int checked = 0;
        for (int n : new int[] {1, 2}) {
          JniUtils.setNumThreads(n);
          checked += check(tiny.model(), n);
          checked += check(wide.model(), n);
        }
        assertEquals(2 * 2 * 2 * 3, checked);
      } finally {
        JniUtils.setNumThreads(threads);
      }
    }
  }

  /** Rows of batches of 32 and 64 rows at three offsets against the same rows in a batch of 96. */
  private static int check(Qwen25VlModel model, int threads) {
    SplittableRandom r = new SplittableRandom(threads);
    int vocab = model.config().text().vocabSize();
    long[] ids = new long[ROWS];
    int[] positions = new int[ROWS];
    for (int i = 0; i < ROWS; i++) {
      ids[i] = r.nextInt(vocab);
      positions[i] = 40 + r.nextInt(200);
    }
    float[] all = logits(model, ids, positions);
    int per = all.length / ROWS;
    int checked = 0;
    for (int m = Generator.ROW_QUANTUM; m < ROWS; m += Generator.ROW_QUANTUM) {
      for (int start : new int[] {0, ROWS - m, (ROWS - m) / 2 + 1}) {
        float[] part = logits(model, java.util.Arrays.copyOfRange(ids, start, start + m),
            java.util.Arrays.copyOfRange(positions, start, start + m));
        List<Integer> differ = new ArrayList<>();
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < per; j++) {
            if (Float.floatToRawIntBits(part[i * per + j]) != Float.floatToRawIntBits(all[(start + i) * per + j])) {
              differ.add(start + i);
              break;
            }
          }
        }
        assertEquals(List.of(), differ, "rows of a batch of " + m + " from row " + start + ", vocab " + vocab + ", "
            + threads + " thread(s)");
        checked++;
      }
    }
    return checked;
  }

  /** The logits [B·V] of one decode step of B rows, each its own token at its own position, no cache. */
  private static float[] logits(Qwen25VlModel model, long[] ids, int[] positions) {
    try (NDManager m = model.manager().newSubManager()) {
      NDArray emb = model.embed(m.create(ids, new Shape(ids.length, 1))); // [B, 1, H]
      NDArray l = RowChunks.with(Generator.ROW_QUANTUM, () -> model.logits(model.decode(emb,
          model.rope().rowTables(m, positions, model.dataType()), null, false, false), false)); // [B, 1, V]
      return l.toFloatArray();
    }
  }
}
