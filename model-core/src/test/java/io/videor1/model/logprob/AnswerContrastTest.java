package io.videor1.model.logprob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.videor1.model.TinyCheckpoints;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.lora.Trainable;
import io.videor1.model.params.ParamCodec;
import io.videor1.model.preprocess.ModelInputs;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answer contrast ({@code train.temporal_mode = answer_contrast}) on the tiny random model: its value is
 * γ·softplus(−Δ) of the bare answer's ordered-minus-shuffled log-likelihood, and a gradient step on it raises Δ.
 */
class AnswerContrastTest {
  private static VisionLanguageModel vlm;
  private static Map<String, Parameter> trainable;

  @BeforeAll
  static void load(@TempDir Path tmp) throws Exception {
    vlm = TinyCheckpoints.tiny(tmp.resolve("tiny"), 17);
    trainable = Trainable.apply(vlm.model(), null, List.of());
  }

  @AfterAll
  static void close() {
    vlm.close();
  }

  private static int[] answer() {
    return AnswerContrast.completion(vlm.tokenizer(), "<answer>B</answer>", vlm.eosId());
  }

  /** Δ from two passes without autograd: the sum of the answer's token log-probs, ordered minus shuffled. */
  private static double gap(ModelInputs ordered, ModelInputs shuffled) {
    try (NDManager m = vlm.newManager()) {
      double[][][] s = OrderGap.sides(vlm.model(), m, ordered, shuffled, List.of(answer()), vlm.eosId(), vlm.padId(),
          GroupPass.Options.plain(), false);
      double d = 0;
      for (int t = 0; t < s[0][0].length; t++) {
        d += s[0][0][t] - s[1][0][t];
      }
      return d;
    }
  }

  private static AnswerContrast.Result backward(ModelInputs ordered, ModelInputs shuffled, double gamma) {
    ParamCodec.zeroGradients(trainable);
    try (NDManager m = vlm.newManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      return AnswerContrast.backward(vlm.model(), m, ordered, shuffled, answer(), vlm.eosId(), vlm.padId(), gamma,
          1f, gc);
    }
  }

  @Test
  void theTermIsGammaTimesSoftplusOfMinusTheGapAndAStepOnItRaisesTheGap() {
    ModelInputs ordered = TinyCheckpoints.videoPrompt(vlm);
    ModelInputs shuffled = TinyCheckpoints.swappedVideoPrompt(vlm);
    double before = gap(ordered, shuffled);
    assertTrue(Math.abs(before) > 1e-6, "the frames' order moves the tiny model: " + before);
    AnswerContrast.Result r = backward(ordered, shuffled, 0.5);
    assertEquals(before, r.gap(), 1e-5);
    assertEquals(0.5 * Math.log1p(Math.exp(-before)), r.loss(), 1e-6);
    Map<String, float[]> grad = ParamCodec.gradients(trainable);
    Map<String, float[]> weights = ParamCodec.toFloats(trainable);
    Map<String, float[]> stepped = new HashMap<>();
    double norm = 0;
    for (float[] g : grad.values()) {
      for (float x : g) {
        norm += (double) x * x;
      }
    }
    assertTrue(norm > 0, "the term reaches the weights");
    double lr = 1e-2 / Math.sqrt(norm); // a short step along minus the gradient
    for (Map.Entry<String, float[]> e : weights.entrySet()) {
      float[] w = e.getValue().clone();
      float[] g = grad.get(e.getKey());
      for (int i = 0; i < w.length; i++) {
        w[i] -= (float) (lr * g[i]);
      }
      stepped.put(e.getKey(), w);
    }
    try {
      ParamCodec.fromFloats(trainable, stepped);
      double after = gap(ordered, shuffled);
      assertTrue(after > before, "descent on softplus(-gap) raises the gap: " + before + " -> " + after);
    } finally {
      ParamCodec.fromFloats(trainable, weights);
    }
    assertEquals(0.0, backward(ordered, ordered, 0.5).gap(), 0.0, "the same frames twice: no gap");
  }

  @Test
  void softplusIsExactAndFiniteAtLargeArguments() {
    try (NDManager m = vlm.newManager()) {
      float[] x = {-100f, -1f, 0f, 1f, 100f};
      float[] y = AnswerContrast.softplus(m.create(x)).toFloatArray();
      for (int i = 0; i < x.length; i++) {
        assertEquals(Math.max(x[i], 0) + Math.log1p(Math.exp(-Math.abs(x[i]))), y[i], 1e-6, "softplus(" + x[i] + ")");
      }
    }
  }

  @Test
  void anAnswerWithoutTheEndOfTurnTokenIsRefused() {
    ModelInputs ordered = TinyCheckpoints.videoPrompt(vlm);
    int[] bare = vlm.tokenizer().encode("<answer>B</answer>");
    try (NDManager m = vlm.newManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AnswerContrast.backward(
          vlm.model(), m, ordered, ordered, bare, vlm.eosId(), vlm.padId(), 0.5, 1f, gc));
      assertTrue(e.getMessage().contains("end-of-turn"), e.getMessage());
    }
  }
}
