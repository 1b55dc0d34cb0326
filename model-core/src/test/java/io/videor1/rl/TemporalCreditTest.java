package io.videor1.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemporalCreditTest {
  private static final RlOptions NO_LENGTH = RlOptions.builder().optLengthControl(false).build();

  private static RlOptions mode(TemporalMode m) {
    return NO_LENGTH.toBuilder().optTemporalMode(NO_LENGTH.temporalMode().withMode(m)).build();
  }

  private static RolloutGroup group(double[] acc, double[] shuffled) {
    double[] fmt = new double[acc.length];
    java.util.Arrays.fill(fmt, 1.0);
    return new RolloutGroup(acc, fmt, new int[acc.length], shuffled, true);
  }

  /** Gaps of {@code n} tokens, all equal to {@code s}: a completion whose mean gap is s. */
  private static double[] flat(double s, int n) {
    double[] g = new double[n];
    java.util.Arrays.fill(g, s);
    return g;
  }

  /**
   * The theory as a property: with binary accuracy and a format constant over the group, the published bonus
   * leaves GRPO's std-scaled advantages as they were (exactly with ε = 0, within ε's rounding otherwise), and without
   * std scaling it multiplies a winning group's advantages by 1 + α: a per-prompt weight either way.
   */
  @Test
  void theReferenceBonusOnlyReweightsPromptsOverRandomGroups() {
    Random rnd = new Random(30);
    RlOptions exact = NO_LENGTH.toBuilder().optAdvantageEpsilon(0).build();
    RlOptions drGrpo = NO_LENGTH.toBuilder().optScaleAdvantageByStd(false).build();
    for (int trial = 0; trial < 2000; trial++) {
      int g = 2 + rnd.nextInt(7);
      double[] acc = new double[g];
      double[] shuf = new double[g / 2];
      double f = rnd.nextBoolean() ? 1 : 0;
      double[] fmt = new double[g];
      for (int i = 0; i < g; i++) {
        acc[i] = rnd.nextInt(3) == 0 ? 1 : 0;
        fmt[i] = f;
      }
      for (int i = 0; i < shuf.length; i++) {
        shuf[i] = rnd.nextBoolean() ? 1 : 0;
      }
      RolloutGroup rg = new RolloutGroup(acc, fmt, new int[g], shuf, true);
      for (RlOptions o : List.of(exact, NO_LENGTH, drGrpo)) {
        GroupRewards ref = TGrpoRewards.assemble(List.of(rg), o).get(0);
        GroupRewards grpo = TemporalCredit.grpoRewards(rg, o);
        double[] a = GroupAdvantages.compute(ref.total(), o);
        double[] b = GroupAdvantages.compute(grpo.total(), o);
        boolean bonus = java.util.Arrays.stream(ref.temporalBonus()).anyMatch(x -> x != 0);
        double weight = o == drGrpo && bonus ? 1 + o.temporalAlpha() : 1;
        double tol = o == NO_LENGTH ? 1e-3 : 1e-12;
        for (int i = 0; i < g; i++) {
          assertEquals(weight * b[i], a[i], tol, "trial " + trial + ", completion " + i);
        }
      }
    }
  }

  @Test
  void theControlWeightsEachPromptByItsOrderDependenceWithAFloor() {
    RlOptions o = mode(TemporalMode.PROMPT_WEIGHT);
    double[] acc = {1, 1, 1, 0};
    GroupRewards dependent = TemporalCredit.grpoRewards(group(acc, new double[] {0, 1, 0, 0}), o);
    TemporalCredit.Credit c = TemporalCredit.of(dependent, null, o);
    assertEquals(0.5, c.weight(), 1e-12, "p 0.75 - p~ 0.25");
    double[] grpo = GroupAdvantages.compute(dependent.total(), o);
    for (int i = 0; i < 4; i++) {
      assertEquals(0.5 * grpo[i], c.advantages()[i], 1e-12);
    }
    TemporalCredit.Credit none = TemporalCredit.of(
        TemporalCredit.grpoRewards(group(acc, new double[] {1, 1, 1, 1}), o), null, o);
    assertEquals(0.1, none.weight(), 1e-12, "p - p~ < 0: the floor");
    assertEquals(0.1 * grpo[0], none.advantages()[0], 1e-12);
    TemporalCredit.Credit unmeasured = TemporalCredit.of(TemporalCredit.grpoRewards(group(acc, null), o), null, o);
    assertTrue(Double.isNaN(unmeasured.weight()), "no shuffled completions: no weight");
    assertArrayEquals(grpo, unmeasured.advantages(), 1e-12);
    assertEquals(0.0, TemporalCredit.promptWeight(0.5, 0.5, 0), 0);
  }

  @Test
  void likelihoodRatioRanksTwoCorrectAnswersByTheirLogProbGaps() {
    RlOptions o = mode(TemporalMode.LIKELIHOOD_RATIO);
    GroupRewards g = TemporalCredit.grpoRewards(group(new double[] {1, 1, 0, 0}, null), o);
    double[][] gaps = {flat(2.0, 5), flat(0.5, 3), flat(3.0, 4), flat(-1.0, 2)};
    TemporalCredit.Credit c = TemporalCredit.of(g, gaps, o);
    assertArrayEquals(new double[] {2.0, 0.5, 3.0, -1.0}, c.scores(), 1e-12);
    double z = Math.sqrt(0.5); // two values: z = ±1/√2 with the unbiased std
    assertArrayEquals(new double[] {0.3 * z, -0.3 * z, 0, 0}, c.rewards().temporalBonus(), 1e-12,
        "only correct answers are compared; the wrong ones' larger gap earns nothing");
    assertTrue(c.advantages()[0] > c.advantages()[1], "the answer that leant on the order is preferred");
    assertTrue(c.advantages()[1] > c.advantages()[2], "and both correct ones stay above the wrong ones");
    double[][] swapped = {flat(0.5, 5), flat(2.0, 3), flat(3.0, 4), flat(-1.0, 2)};
    TemporalCredit.Credit d = TemporalCredit.of(g, swapped, o);
    assertTrue(d.advantages()[1] > d.advantages()[0]);

    // all correct: GRPO has nothing to say, the gaps still rank the answers (clipped at 2 standard deviations)
    GroupRewards all = TemporalCredit.grpoRewards(group(new double[] {1, 1, 1, 1, 1, 1, 1, 1}, null), o);
    double[][] outlier = {flat(100, 2), flat(0, 2), flat(0, 2), flat(0, 2), flat(0, 2), flat(0, 2), flat(0, 2),
        flat(0, 2)};
    TemporalCredit.Credit e = TemporalCredit.of(all, outlier, o);
    assertEquals(0.3 * 2.0, e.rewards().temporalBonus()[0], 1e-12, "z = 2.47 clipped to 2");
    assertTrue(e.advantages()[0] > 0 && e.advantages()[1] < 0);
  }

  @Test
  void likelihoodRatioGivesNothingWithoutTwoComparableCorrectAnswers() {
    RlOptions o = mode(TemporalMode.LIKELIHOOD_RATIO);
    GroupRewards one = TemporalCredit.grpoRewards(group(new double[] {1, 0, 0, 0}, null), o);
    TemporalCredit.Credit c = TemporalCredit.of(one, new double[][] {flat(1, 2), flat(5, 2), flat(0, 2),
        flat(0, 2)}, o);
    assertArrayEquals(new double[4], c.rewards().temporalBonus());
    assertArrayEquals(GroupAdvantages.compute(one.total(), o), c.advantages(), 0);
    TemporalCredit.Credit noPass = TemporalCredit.of(one, null, o);
    assertTrue(Double.isNaN(noPass.scores()[0]));
    assertArrayEquals(new double[4], noPass.rewards().temporalBonus());
    double[] equalGaps = TemporalCredit.likelihoodBonus(new double[] {1, 1}, new double[] {0.4, 0.4}, 0.1, 0.3);
    assertArrayEquals(new double[2], equalGaps);
  }

  @Test
  void keyTokensKeepTheShareOfTokensThatMoveMostScaledToAMeanOfOne() {
    double[][] gaps = {{0.1, -3, 0.5, 2, 0, 0, 0, 0, 0, 0}, {0.2, 0.2, 0.2}, {}};
    double[][] s = TemporalCredit.keyTokenScale(gaps, 0.2);
    assertArrayEquals(new double[] {0, 5, 0, 5, 0, 0, 0, 0, 0, 0}, s[0], 0, "|-3| and 2 of 10 tokens");
    assertArrayEquals(new double[] {3, 0, 0}, s[1], 0, "ceil(0.6) = 1 token, a tie goes to the earlier one");
    assertEquals(0, s[2].length);
    RlOptions o = mode(TemporalMode.KEY_TOKENS);
    GroupRewards g = TemporalCredit.grpoRewards(group(new double[] {1, 0, 1}, null), o);
    TemporalCredit.Credit c = TemporalCredit.of(g, gaps, o);
    assertArrayEquals(GroupAdvantages.compute(g.total(), o), c.advantages(), 0, "GRPO's advantages");
    assertArrayEquals(s[0], c.tokenScale()[0], 0);
    assertEquals(null, TemporalCredit.of(g, null, o).tokenScale(), "no pass: every token");
  }

  @Test
  void shuffledNegativeNegatesGrpoOnTheShuffledAccuracyAndLeavesTheOrderedGroupAlone() {
    RlOptions o = mode(TemporalMode.SHUFFLED_NEGATIVE);
    double[] a = TemporalCredit.shuffledAdvantages(new double[] {1, 0, 0, 1}, 8, o);
    double[] grpo = GroupAdvantages.compute(new double[] {1, 0, 0, 1}, o);
    for (int j = 0; j < 4; j++) {
      assertEquals(-grpo[j] * 4 / 8, a[j], 1e-12);
    }
    assertTrue(a[0] < 0 && a[1] > 0, "the answer that survived the shuffle is pushed down");
    assertArrayEquals(new double[4], TemporalCredit.shuffledAdvantages(new double[] {1, 1, 1, 1}, 8, o), 0);
    assertEquals(0, TemporalCredit.shuffledAdvantages(new double[0], 8, o).length);
    GroupRewards g = TemporalCredit.grpoRewards(group(new double[] {1, 0, 1, 0}, new double[] {1, 0}), o);
    assertArrayEquals(GroupAdvantages.compute(g.total(), o), TemporalCredit.of(g, null, o).advantages(), 0);
    assertTrue(TemporalMode.SHUFFLED_NEGATIVE.shuffledRollouts() && TemporalMode.SHUFFLED_NEGATIVE.shuffledPass());
  }

  @Test
  void badSettingsAndShapesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> RlOptions.builder().optTemporal(false)
        .optTemporalMode(TemporalModeOptions.reference().withMode(TemporalMode.LIKELIHOOD_RATIO)).build());
    assertThrows(IllegalArgumentException.class,
        () -> new TemporalModeOptions(TemporalMode.KEY_TOKENS, 0.1, 0.3, 0, 0.05, 4));
    IllegalArgumentException est = assertThrows(IllegalArgumentException.class,
        () -> new TemporalModeOptions(TemporalMode.CONTRAST_KL, 0.1, 0.3, 0.2, 0.05, 4, "k2"));
    assertTrue(est.getMessage().contains("rl.contrastEstimator must be one of k3, k1 (got 'k2')"), est.getMessage());
    assertTrue(new TemporalModeOptions(TemporalMode.CONTRAST_KL, 0.1, 0.3, 0.2, 0.05, 4, "k1").contrastLinear());
    assertEquals("k3", TemporalModeOptions.reference().contrastEstimator());
    IllegalArgumentException tok = assertThrows(IllegalArgumentException.class,
        () -> new TemporalModeOptions(TemporalMode.CONTRAST_KL, 0.1, 0.3, 0.2, 0.05, 4, "k1", "letter"));
    assertTrue(tok.getMessage().contains("rl.contrastTokens must be one of all, answer (got 'letter')"),
        tok.getMessage());
    assertTrue(new TemporalModeOptions(TemporalMode.CONTRAST_KL, 0.1, 0.3, 0.2, 0.05, 4, "k1", "answer")
        .withMode(TemporalMode.CONTRAST_KL).contrastAnswerOnly());
    assertTrue(!TemporalModeOptions.reference().contrastAnswerOnly());
    RlOptions o = mode(TemporalMode.LIKELIHOOD_RATIO);
    GroupRewards g = TemporalCredit.grpoRewards(group(new double[] {1, 0}, null), o);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TemporalCredit.of(g, new double[][] {{1}}, o));
    assertTrue(e.getMessage().contains("1 rows of gaps for a group of 2"), e.getMessage());
    assertEquals(TemporalMode.KEY_TOKENS, TemporalMode.of(" Key_Tokens", "train.temporal_mode"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TemporalMode.of("x", "train.temporal_mode"))
        .getMessage().startsWith("train.temporal_mode must be"));
    assertTrue(TemporalCredit.ordersMatter(true, null) && TemporalCredit.ordersMatter(true, true));
    assertTrue(!TemporalCredit.ordersMatter(true, false) && !TemporalCredit.ordersMatter(false, null));
  }
}
