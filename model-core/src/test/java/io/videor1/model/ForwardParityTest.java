package io.videor1.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.params.ParamCodec;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.preprocess.Processor;
import io.videor1.model.tokenizer.PromptTemplates;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DJL model against an independent float64 forward pass, on the tiny preset with images and a video. */
class ForwardParityTest {
  @TempDir Path tmp;

  static double maxLogitDiff(VisionLanguageModel vlm, ModelInputs in) {
    ReferenceForward ref = new ReferenceForward(vlm.model().config(),
        ParamCodec.toFloats(vlm.model().parameters()));
    double[][] expected = ref.logits(in);
    try (NDManager m = vlm.newManager()) {
      NDArray emb = vlm.model().promptEmbeddings(m, in, false);
      float[] got = vlm.model().logits(vlm.model().decode(emb, in.positions(), null, false, false), false)
          .toFloatArray();
      int v = expected[0].length;
      double worst = 0;
      double spread = 0;
      for (double[] row : expected) {
        for (double e : row) {
          spread = Math.max(spread, Math.abs(e - row[0]));
        }
      }
      assertTrue(spread > 0.5, "logits vary (" + spread + ")");
      for (int i = 0; i < expected.length; i++) {
        for (int j = 0; j < v; j++) {
          worst = Math.max(worst, Math.abs(expected[i][j] - got[i * v + j]));
        }
      }
      System.out.printf("max |dlogit| %.3g over %d positions (logit spread %.3g)%n", worst, expected.length, spread);
      return worst;
    }
  }

  @Test
  void videoAndTextPromptMatchesTheReference() throws Exception {
    try (VisionLanguageModel vlm = TinyCheckpoints.tiny(tmp, 11)) {
      // 5 frames → padded to 6 → 3 temporal patches of 6×8 patches: windows of 2×2 units with edge windows
      Processor.Video video = new Processor.Video(TinyCheckpoints.frames(5, 84, 112, 3), 84, 112, 1.6);
      ModelInputs in = vlm.processor().chat(PromptTemplates.rlMessages(true, "Which way?"), List.of(),
          List.of(video));
      double d = maxLogitDiff(vlm, in);
      assertTrue(d < 1e-4, "max |Δlogit| = " + d);
    }
  }

  @Test
  void imagesAndVideoInterleavedMatchTheReference() throws Exception {
    try (VisionLanguageModel vlm = TinyCheckpoints.tiny(tmp, 12)) {
      Processor.Image a = new Processor.Image(TinyCheckpoints.frames(1, 28, 56, 4)[0], 28, 56);
      Processor.Image b = new Processor.Image(TinyCheckpoints.frames(1, 56, 28, 5)[0], 56, 28);
      Processor.Video v = Processor.Video.of(TinyCheckpoints.frames(2, 56, 56, 6), 56, 56);
      String prompt = "<|im_start|>user\n<|vision_start|><|image_pad|><|vision_end|>x<|vision_start|><|video_pad|>"
          + "<|vision_end|>y<|vision_start|><|image_pad|><|vision_end|>z<|im_end|>\n<|im_start|>assistant\n";
      ModelInputs in = vlm.processor().process(prompt, List.of(a, b), List.of(v));
      assertEquals(2 + 2 + 4, in.inputIds().length - vlm.tokenizer().encode(prompt).length + 3);
      double d = maxLogitDiff(vlm, in);
      assertTrue(d < 1e-4, "max |Δlogit| = " + d);
    }
  }

  @Test
  void tiedEmbeddingsTextOnly() throws Exception {
    var c = ModelPresets.tiny();
    var text = new io.videor1.model.config.TextConfig(c.text().vocabSize(), 64, 96, 2, 4, 1, 1e-6, 10000.0,
        List.of(8, 0, 0), true, 4096, "silu");
    var cfg = new io.videor1.model.config.Qwen25VlConfig("qwen2", text, null, 268, 269, 265, 266, 256, 258, "float32",
        null);
    try (VisionLanguageModel vlm = TinyCheckpoints.random(tmp, cfg, 13, 0.1)) {
      ModelInputs in = ModelInputs.text(vlm.tokenizer().encode("the quick brown fox"));
      double d = maxLogitDiff(vlm, in);
      assertTrue(d < 1e-4, "max |Δlogit| = " + d);
    }
  }
}
