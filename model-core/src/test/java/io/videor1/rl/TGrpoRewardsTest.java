package io.videor1.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The temporal and length shaping of spec §4.4–§4.6, including the worked example and the per-batch quirk. */
class TGrpoRewardsTest {
  private static final RlOptions REF = RlOptions.defaults();
  private static final RlOptions POOLED = REF.toBuilder().optStatsScope(StatsScope.PER_BATCH).build();
  private static final double[] ONES = {1, 1, 1, 1, 1, 1, 1, 1};

  @Test
  void specWorkedExample() {
    RolloutGroup g = new RolloutGroup(new double[] {1, 1, 0, 1, 0, 0, 0, 1}, ONES,
        new int[] {300, 400, 350, 512, 600, 200, 330, 513}, new double[] {1, 0, 0, 0}, true);
    GroupRewards r = TGrpoRewards.assemble(List.of(g), REF).get(0);
    assertArrayEquals(new double[] {2.3, 2.5, 1.0, 2.5, 1.0, 1.0, 1.0, 2.3}, r.total(), 1e-12);
    assertEquals(0.5, r.orderedMean());
    assertEquals(0.25, r.shuffledMean());
    assertEquals(1.0, r.temporalIndicator());
    assertTrue(r.groupWin());
    assertArrayEquals(new double[] {0, 0.2, 0, 0.2, 0, 0, 0, 0}, r.lengthBonus(), 0.0);
  }

  @Test
  void conditionIsInclusiveAtTheThreshold() {
    // p = 0.4 and μ·p̃ = 0.8 · 0.5 = 0.4 exactly: the bonus applies.
    RolloutGroup atEdge = video(new double[] {0.4, 0.4}, new double[] {0.5, 0.5});
    assertArrayEquals(new double[] {0.3, 0.3}, TGrpoRewards.assemble(List.of(atEdge), REF).get(0).temporalBonus());
    RolloutGroup below = video(new double[] {0.4, 0.39}, new double[] {0.5, 0.5});
    GroupRewards r = TGrpoRewards.assemble(List.of(below), REF).get(0);
    assertArrayEquals(new double[] {0, 0}, r.temporalBonus());
    assertEquals(0.0, r.temporalIndicator());
  }

  @Test
  void allWrongMeetsTheConditionButAddsNothing() {
    GroupRewards r = TGrpoRewards.assemble(List.of(video(new double[] {0, 0.1, 0}, new double[] {0, 0})), REF).get(0);
    assertEquals(1.0, r.temporalIndicator());
    assertArrayEquals(new double[] {0, 0, 0}, r.temporalBonus(), "0.1 is not > 0.1");
  }

  @Test
  void imagesGetNoTemporalBonusAndLogHalf() {
    RolloutGroup img = RolloutGroup.image(new double[] {1, 1}, new double[] {1, 0}, new int[] {400, 100});
    GroupRewards r = TGrpoRewards.assemble(List.of(img), REF).get(0);
    assertEquals(0.5, r.temporalIndicator());
    assertArrayEquals(new double[] {2.2, 1.0}, r.total(), 1e-12, "length bonus applies to images (400 in window)");
    GroupRewards off = TGrpoRewards.assemble(
        List.of(video(new double[] {1, 1}, new double[] {0, 0})), REF.toBuilder().optTemporal(false).build()).get(0);
    assertEquals(0.5, off.temporalIndicator());
    assertArrayEquals(new double[] {0, 0}, off.temporalBonus());
  }

  @Test
  void muIsConfigurableWithThePapersOneAsAnOption() {
    RolloutGroup g = video(new double[] {0.9, 0.3}, new double[] {0.7, 0.7}); // p = 0.6, p̃ = 0.7
    assertTrue(TGrpoRewards.assemble(List.of(g), REF).get(0).groupWin(), "0.6 >= 0.8 * 0.7");
    GroupRewards paper = TGrpoRewards.assemble(List.of(g), RlOptions.paper()).get(0);
    assertFalse(paper.groupWin(), "0.6 < 1.0 * 0.7");
    assertArrayEquals(new double[] {0, 0}, paper.temporalBonus());
  }

  @Test
  void perGroupIsTheDefaultAndPerBatchReproducesTheReferenceCode() {
    RolloutGroup winner = video(new double[] {1, 1}, new double[] {0, 0});
    RolloutGroup loser = video(new double[] {0.2, 0.2}, new double[] {1, 1}); // 0.2 < 0.8 · 1
    List<GroupRewards> perGroup = TGrpoRewards.assemble(List.of(winner, loser), REF);
    assertArrayEquals(new double[] {0.3, 0.3}, perGroup.get(0).temporalBonus());
    assertArrayEquals(new double[] {0, 0}, perGroup.get(1).temporalBonus());
    // Pooled: p = 0.6, p̃ = 0.5, 0.6 >= 0.4, so the losing prompt is rewarded too (spec §11.1).
    List<GroupRewards> perBatch = TGrpoRewards.assemble(List.of(winner, loser), POOLED);
    assertArrayEquals(new double[] {0.3, 0.3}, perBatch.get(0).temporalBonus());
    assertArrayEquals(new double[] {0.3, 0.3}, perBatch.get(1).temporalBonus());
    assertFalse(perBatch.get(1).groupWin(), "the win-rate metric stays per group");
  }

  @Test
  void lengthRuleCountsCorrectCompletionsInTheConfiguredScope() {
    RolloutGroup a = RolloutGroup.image(new double[] {1, 0}, new double[] {1, 1}, new int[] {400, 400});
    RolloutGroup b = RolloutGroup.image(new double[] {0, 1}, new double[] {1, 1}, new int[] {400, 400});
    List<GroupRewards> perGroup = TGrpoRewards.assemble(List.of(a, b), REF);
    assertArrayEquals(new double[] {0, 0}, perGroup.get(0).lengthBonus(), "one correct per group");
    List<GroupRewards> perBatch = TGrpoRewards.assemble(List.of(a, b), POOLED);
    assertArrayEquals(new double[] {0.2, 0}, perBatch.get(0).lengthBonus(), "two correct in the call");
    assertArrayEquals(new double[] {0.2, 0}, TGrpoRewards.assemble(List.of(a), RlOptions.paper()).get(0).lengthBonus());
    RlOptions noLength = REF.toBuilder().optLengthControl(false).optLengthMinCorrect(0).build();
    assertArrayEquals(new double[] {0, 0}, TGrpoRewards.assemble(List.of(a, b), noLength).get(0).lengthBonus());
  }

  @Test
  void lengthBonusUsesAccuracyBeforeTheTemporalBonus() {
    // 0.05 + 0.3 would exceed the threshold, but the length rule looks at the raw 0.05.
    RolloutGroup g = new RolloutGroup(new double[] {0.05, 1, 1}, new double[] {1, 1, 1}, new int[] {400, 400, 400},
        new double[] {0, 0}, true);
    GroupRewards r = TGrpoRewards.assemble(List.of(g), REF).get(0);
    assertArrayEquals(new double[] {0, 0.2, 0.2}, r.lengthBonus());
    assertArrayEquals(new double[] {0, 0.3, 0.3}, r.temporalBonus());
  }

  @Test
  void randomGroupsStayInTheSpecRangeAndGiveFiniteAdvantages() {
    java.util.Random rnd = new java.util.Random(9);
    for (RlOptions opts : new RlOptions[] {REF, POOLED, RlOptions.paper()}) {
      for (int trial = 0; trial < 2000; trial++) {
        int g = 1 + rnd.nextInt(8);
        double[] acc = new double[g];
        double[] fmt = new double[g];
        int[] len = new int[g];
        for (int i = 0; i < g; i++) {
          acc[i] = rnd.nextBoolean() ? rnd.nextInt(2) : rnd.nextDouble();
          fmt[i] = rnd.nextInt(2);
          len[i] = 250 + rnd.nextInt(600);
        }
        double[] shuffled = rnd.nextBoolean() ? new double[] {rnd.nextDouble(), rnd.nextInt(2)} : new double[0];
        GroupRewards r = TGrpoRewards.assemble(List.of(new RolloutGroup(acc, fmt, len, shuffled, true)), opts).get(0);
        for (double t : r.total()) {
          assertTrue(t >= 0 && t <= 2.5, "total reward " + t + " outside [0, 2.5]");
        }
        for (double a : GroupAdvantages.compute(r.total(), opts)) {
          assertTrue(Double.isFinite(a), "advantage " + a);
        }
      }
    }
  }

  @Test
  void shuffledGroupSizeIsHalfTheGroup() {
    assertEquals(4, REF.numShuffled(8));
    assertEquals(3, REF.numShuffled(7));
  }

  private static RolloutGroup video(double[] acc, double[] shuffled) {
    double[] fmt = new double[acc.length];
    int[] len = new int[acc.length];
    return new RolloutGroup(acc, fmt, len, shuffled, true);
  }
}
