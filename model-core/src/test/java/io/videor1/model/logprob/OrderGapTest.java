package io.videor1.model.logprob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import io.videor1.rl.RlOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The temporal modes' numerics: the per-token order gaps of {@link OrderGap}, the per-token advantages of
 * {@link GroupObjective}'s key-token backward and its contrast-KL term ({@link ContrastKl}), on the tiny random model.
 */
class OrderGapTest {
  private static final List<int[]> COMPLETIONS = List.of(new int[] {72, 105, 33, 258, 40}, new int[] {40, 41},
      new int[] {50, 51, 52, 53, 54, 55}); // the first ends at EOS (258): 4 valid tokens
  private static final float[] ADVANTAGES = {1.0f, -0.5f, 0.3f};

  private static VisionLanguageModel vlm;
  private static Map<String, Parameter> trainable;

  /** One tiny model for the class (loading it is most of the class's time), every weight trainable. */
  @BeforeAll
  static void load(@TempDir Path tmp) throws Exception {
    vlm = TinyCheckpoints.tiny(tmp.resolve("tiny"), 11);
    trainable = Trainable.apply(vlm.model(), null, List.of());
  }

  @AfterAll
  static void close() {
    vlm.close();
  }

  @Test
  void gapsAreTheTwoPassesDifferenceOnEachValidTokenAndZeroOnTheSamePrompt() {
    ModelInputs ordered = TinyCheckpoints.videoPrompt(vlm);
    ModelInputs shuffled = TinyCheckpoints.swappedVideoPrompt(vlm);
    try (NDManager m = vlm.newManager()) {
      double[][] same = OrderGap.of(vlm.model(), m, ordered, ordered, COMPLETIONS, vlm.eosId(), vlm.padId(),
          GroupPass.Options.plain(), false);
      assertEquals(List.of(4, 2, 6), java.util.Arrays.stream(same).map(r -> r.length).toList());
      for (double[] r : same) {
        assertArrayEquals(new double[r.length], r, 0, "the same prompt twice: no gap");
      }
      float[] a = TokenLogProbs.compute(vlm.model(), m, ordered, COMPLETIONS, vlm.eosId(), vlm.padId(), false)
          .logp().toFloatArray();
      float[] b = TokenLogProbs.compute(vlm.model(), m, shuffled, COMPLETIONS, vlm.eosId(), vlm.padId(), false)
          .logp().toFloatArray();
      for (GroupPass.Options o : List.of(GroupPass.Options.plain(), new GroupPass.Options(1, false))) {
        double[][] gaps = OrderGap.of(vlm.model(), m, ordered, shuffled, COMPLETIONS, vlm.eosId(), vlm.padId(), o,
            false);
        double most = 0;
        for (int i = 0; i < 3; i++) {
          for (int t = 0; t < gaps[i].length; t++) {
            assertEquals(a[i * 6 + t] - (double) b[i * 6 + t], gaps[i][t], 1e-5, o + " completion " + i + ", " + t);
            most = Math.max(most, Math.abs(gaps[i][t]));
          }
        }
        assertTrue(most > 1e-6, "the frames' order moves the tiny model's log-probs: " + most);
      }
    }
  }

  @Test
  void tokenScalesOfOneTrainAsTheAdvantageOnEveryTokenAndScalesOfZeroDropTheSurrogate() {
    ModelInputs in = TinyCheckpoints.videoPrompt(vlm);
    RlOptions noKl = RlOptions.builder().optBeta(0).build();
    double[][] ones = {{1, 1, 1, 1}, {1, 1}, {1, 1, 1, 1, 1, 1}};
    double[][] zeros = {new double[4], new double[2], new double[6]};
    for (GroupPass.Options o : List.of(GroupPass.Options.plain(), new GroupPass.Options(2, false))) {
      Map<String, float[]> plain = gradients(in, null, noKl, o);
      Map<String, float[]> scaled = gradients(in, ones, noKl, o);
      for (Map.Entry<String, float[]> e : plain.entrySet()) {
        assertTrue(TinyCheckpoints.maxDiff(e.getValue(), scaled.get(e.getKey())) <= 1e-6, o + " " + e.getKey());
      }
    }
    for (float[] g : gradients(in, zeros, noKl, new GroupPass.Options(2, false)).values()) {
      assertArrayEquals(new float[g.length], g, 0, "no advantage on any token, no KL: no gradient");
    }
  }

  /**
   * The contrast-KL term: the loss moves by −γ/G times the correct rows' mean k3 KL between the two passes (computed
   * here from their forward values), its gradient reaches the weights, and the entropy guard drops a row whose
   * shuffled negative log-prob exceeds it while still reporting its KL.
   */
  @Test
  void theContrastTermIsMinusGammaTimesTheCorrectRowsKlAndTheGuardDropsRows() {
    ModelInputs ordered = TinyCheckpoints.videoPrompt(vlm);
    ModelInputs shuffled = TinyCheckpoints.swappedVideoPrompt(vlm);
    RlOptions rl = RlOptions.defaults();
    boolean[] rows = {true, false, true};
    float[] a = logProbs(ordered);
    float[] b = logProbs(shuffled);
    int[] lengths = {4, 2, 6};
    double[] kl = new double[3];
    for (int i = 0; i < 3; i++) {
      for (int t = 0; t < lengths[i]; t++) {
        double x = b[i * 6 + t] - (double) a[i * 6 + t];
        kl[i] += (Math.exp(x) - x - 1) / lengths[i];
      }
    }
    GroupObjective.Outcome plain = withoutContrast(ordered, rl);
    Map<String, float[]> g0 = ParamCodec.gradients(trainable);
    GroupObjective.Outcome with = contrast(ordered, shuffled, rows, 100.0, rl);
    Map<String, float[]> g1 = ParamCodec.gradients(trainable);
    assertEquals(plain.loss() - 0.5 / 3 * (kl[0] + kl[2]), with.loss(), 1e-5);
    assertEquals(kl[0], with.contrastKl()[0], 1e-5);
    assertTrue(Double.isNaN(with.contrastKl()[1]), "a wrong completion is not in the term");
    assertTrue(kl[0] > 1e-8 && kl[2] > 1e-8, "the order moves the tiny model: " + Arrays.toString(kl));
    double moved = 0;
    for (String k : g0.keySet()) {
      moved = Math.max(moved, TinyCheckpoints.maxDiff(g0.get(k), g1.get(k)));
    }
    assertTrue(moved > 1e-7, "the term has a gradient: " + moved);
    GroupObjective.Outcome guarded = contrast(ordered, shuffled, rows, 1e-3, rl);
    assertEquals(plain.loss(), guarded.loss(), 1e-6, "every row's shuffled NLL exceeds 0.001 nats: none in the term");
    assertEquals(kl[2], guarded.contrastKl()[2], 1e-5, "but its KL is still reported");
  }

  /**
   * The k1 estimator: the loss moves by −γ/G times the correct rows' mean log-ratio ℓ_ord − ℓ_shuf, and where the two
   * passes nearly agree its gradient is far larger than k3's (whose per-token factor exp(x) − 1 vanishes with x).
   */
  @Test
  void theLinearEstimatorIsTheLogRatioAndKeepsItsGradientWhereThePassesAgree() {
    ModelInputs ordered = TinyCheckpoints.videoPrompt(vlm);
    ModelInputs shuffled = TinyCheckpoints.swappedVideoPrompt(vlm);
    RlOptions rl = RlOptions.defaults();
    boolean[] rows = {true, false, true};
    float[] a = logProbs(ordered);
    float[] b = logProbs(shuffled);
    int[] lengths = {4, 2, 6};
    double[] k1 = new double[3];
    double maxX = 0;
    for (int i = 0; i < 3; i++) {
      for (int t = 0; t < lengths[i]; t++) {
        k1[i] += (a[i * 6 + t] - (double) b[i * 6 + t]) / lengths[i];
        maxX = Math.max(maxX, Math.abs(a[i * 6 + t] - (double) b[i * 6 + t]));
      }
    }
    GroupObjective.Outcome plain = withoutContrast(ordered, rl);
    Map<String, float[]> g0 = ParamCodec.gradients(trainable);
    GroupObjective.Outcome linear = contrast(ordered, shuffled, rows, 100.0, rl, true);
    Map<String, float[]> gLinear = ParamCodec.gradients(trainable);
    contrast(ordered, shuffled, rows, 100.0, rl, false);
    Map<String, float[]> gK3 = ParamCodec.gradients(trainable);
    assertEquals(plain.loss() - 0.5 / 3 * (k1[0] + k1[2]), linear.loss(), 1e-5);
    assertEquals(k1[2], linear.contrastKl()[2], 1e-5);
    double byLinear = 0;
    double byK3 = 0;
    for (String k : g0.keySet()) {
      byLinear = Math.max(byLinear, TinyCheckpoints.maxDiff(g0.get(k), gLinear.get(k)));
      byK3 = Math.max(byK3, TinyCheckpoints.maxDiff(g0.get(k), gK3.get(k)));
    }
    // k3's factor is at most exp(maxX) - 1 per token, k1's is 1: the term's share of the gradient follows
    assertTrue(maxX < 0.5 && byLinear > 3 * byK3 && byLinear > 1e-7, "max |x| " + maxX + ", the term's gradient "
        + "with k1 " + byLinear + ", with k3 " + byK3);
  }

  /** The group's GRPO loss and gradient (into the trainable tensors, zeroed first), without the contrast term. */
  private static GroupObjective.Outcome withoutContrast(ModelInputs ordered, RlOptions rl) {
    ParamCodec.zeroGradients(trainable);
    try (NDManager m = vlm.newManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      return GroupObjective.backward(vlm.model(), m, ordered, COMPLETIONS, vlm.eosId(), vlm.padId(), null, ADVANTAGES,
          rl, GroupPass.Options.plain(), 1f, gc);
    }
  }

  /** The completions' token log-probs [3·6] on {@code in}, without autograd. */
  private static float[] logProbs(ModelInputs in) {
    try (NDManager m = vlm.newManager()) {
      return TokenLogProbs.compute(vlm.model(), m, in, COMPLETIONS, vlm.eosId(), vlm.padId(), false).logp()
          .toFloatArray();
    }
  }

  private static GroupObjective.Outcome contrast(ModelInputs ordered, ModelInputs shuffled, boolean[] rows,
      double guard, RlOptions rl) {
    return contrast(ordered, shuffled, rows, guard, rl, false);
  }

  private static GroupObjective.Outcome contrast(ModelInputs ordered, ModelInputs shuffled, boolean[] rows,
      double guard, RlOptions rl, boolean linear) {
    return contrast(ordered, shuffled, rows, guard, rl, linear, null);
  }

  private static GroupObjective.Outcome contrast(ModelInputs ordered, ModelInputs shuffled, boolean[] rows,
      double guard, RlOptions rl, boolean linear, double[][] tokens) {
    ParamCodec.zeroGradients(trainable);
    try (NDManager m = vlm.newManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      return GroupObjective.backward(vlm.model(), m, ordered, COMPLETIONS, vlm.eosId(), vlm.padId(), null, ADVANTAGES,
          null, new GroupObjective.Contrast(shuffled, rows, 0.5, guard, linear, tokens), rl, GroupPass.Options.plain(),
          false, 1f, gc);
    }
  }

  /**
   * {@code contrast_tokens = answer}: the term is the mean log-ratio over the marked tokens only, a completion with
   * none marked adds nothing, and marking every valid token is the plain term.
   */
  @Test
  void theContrastOverAnswerTokensReadsOnlyThoseTokens() {
    ModelInputs ordered = TinyCheckpoints.videoPrompt(vlm);
    ModelInputs shuffled = TinyCheckpoints.swappedVideoPrompt(vlm);
    RlOptions rl = RlOptions.defaults();
    boolean[] rows = {true, true, true};
    double[][] span = {{0, 1, 1, 0}, {0, 0}, {0, 0, 0, 0, 0, 1}};
    float[] a = logProbs(ordered);
    float[] b = logProbs(shuffled);
    double[] expected = new double[3];
    for (int i = 0; i < 3; i++) {
      double marked = 0;
      for (int t = 0; t < span[i].length; t++) {
        expected[i] += span[i][t] * (a[i * 6 + t] - (double) b[i * 6 + t]);
        marked += span[i][t];
      }
      expected[i] /= Math.max(marked, 1);
    }
    GroupObjective.Outcome plain = withoutContrast(ordered, rl);
    GroupObjective.Outcome answer = contrast(ordered, shuffled, rows, 100.0, rl, true, span);
    assertEquals(expected[0], answer.contrastKl()[0], 1e-5);
    assertEquals(0.0, answer.contrastKl()[1], 0.0, "no answer token: no term");
    assertEquals(expected[2], answer.contrastKl()[2], 1e-5);
    assertEquals(plain.loss() - 0.5 / 3 * (expected[0] + expected[2]), answer.loss(), 1e-5);
    GroupObjective.Outcome every = contrast(ordered, shuffled, rows, 100.0, rl, true,
        new double[][] {{1, 1, 1, 1}, {1, 1}, {1, 1, 1, 1, 1, 1}});
    Map<String, float[]> gEvery = ParamCodec.gradients(trainable);
    GroupObjective.Outcome all = contrast(ordered, shuffled, rows, 100.0, rl, true);
    Map<String, float[]> gAll = ParamCodec.gradients(trainable);
    assertEquals(all.loss(), every.loss(), 1e-6);
    for (String k : gAll.keySet()) {
      assertTrue(TinyCheckpoints.maxDiff(gAll.get(k), gEvery.get(k)) < 1e-6, k);
    }
  }

  @Test
  void tokenAdvantagesFollowThePassesLayoutAndRefuseMismatchedScales() {
    float[] t = GroupObjective.tokenAdvantages(COMPLETIONS, 258, 0, ADVANTAGES,
        new double[][] {{0, 2, 0, 2}, {1, 1}, {6, 0, 0, 0, 0, 0}});
    assertArrayEquals(new float[] {0, 2, 0, 2, 0, 0, -0.5f, -0.5f, 0, 0, 0, 0, 1.8f, 0, 0, 0, 0, 0}, t, 1e-6f);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GroupObjective.tokenAdvantages(
        COMPLETIONS, 258, 0, ADVANTAGES, new double[][] {{1, 1, 1, 1, 1}, {1, 1}, {1, 1, 1, 1, 1, 1}}));
    assertTrue(e.getMessage().contains("completion 0 has 4 valid tokens but 5 token scales"), e.getMessage());
  }

  private static Map<String, float[]> gradients(ModelInputs in, double[][] scale, RlOptions rl,
      GroupPass.Options o) {
    ParamCodec.zeroGradients(trainable);
    try (NDManager m = vlm.newManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      GroupObjective.backward(vlm.model(), m, in, COMPLETIONS, vlm.eosId(), vlm.padId(), null, ADVANTAGES, scale, rl,
          o, false, 1f, gc);
    }
    return ParamCodec.gradients(trainable);
  }
}
