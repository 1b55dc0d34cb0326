package io.videor1.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Step metrics and dynamic sampling over hand-built groups. */
class StepMetricsTest {
  private static final RlOptions REF = RlOptions.defaults();

  private static List<GroupRewards> step() {
    RolloutGroup allRight = new RolloutGroup(new double[] {1, 1}, new double[] {1, 1}, new int[] {100, 200},
        new double[] {0, 0}, true); // wins: totals 2.3, 2.3
    RolloutGroup allWrong = new RolloutGroup(new double[] {0, 0}, new double[] {1, 0}, new int[] {300, 700},
        new double[] {1, 1}, true); // loses: totals 1, 0
    RolloutGroup mixed = RolloutGroup.image(new double[] {1, 0}, new double[] {1, 1}, new int[] {400, 500});
    return TGrpoRewards.assemble(List.of(allRight, allWrong, mixed), REF);
  }

  @Test
  void fractionsAndMeans() {
    StepMetrics m = StepMetrics.of(step(), 0);
    assertEquals(3, m.groups());
    assertEquals(6, m.completions());
    assertEquals(1.0 / 3, m.allCorrectFraction(), 1e-15);
    assertEquals(1.0 / 3, m.allWrongFraction(), 1e-15);
    assertEquals(1.0 / 3, m.zeroStdFraction(), 1e-15);
    assertEquals(2, m.videoGroups());
    assertEquals(0.5, m.temporalWinRate(), 1e-15);
    assertEquals((1 + 0 + 0.5) / 3, m.temporalIndicatorMean(), 1e-15);
    assertEquals(0.5, m.accuracyMean(), 1e-15);
    assertEquals(5.0 / 6, m.formatMean(), 1e-15);
    assertEquals(0.6 / 6, m.temporalBonusMean(), 1e-15);
    assertEquals(Math.sqrt((2 * 0.2 * 0.2 + 4 * 0.1 * 0.1) / 5), m.temporalBonusStd(), 1e-15); // bonuses .3 .3 0 0 0 0
    assertEquals(0.0, m.lengthBonusMean(), 1e-15, "no group has two correct completions in the window");
    assertEquals((2.3 + 2.3 + 1 + 0 + 2 + 1) / 6, m.rewardMean(), 1e-12);
    assertEquals((0 + Math.sqrt(0.5) + Math.sqrt(0.5)) / 3, m.groupRewardStdMean(), 1e-12);
    assertEquals((100 + 200 + 300 + 700 + 400 + 500) / 6.0, m.lengthMean(), 1e-12);
    assertEquals(100, m.lengthMin());
    assertEquals(700, m.lengthMax());
  }

  @Test
  void dynamicSamplingDropsZeroVarianceGroups() {
    List<GroupRewards> groups = step();
    DynamicSampling.Result off = DynamicSampling.apply(groups, REF);
    assertEquals(3, off.kept().size());
    assertEquals(0, off.dropped());
    DynamicSampling.Result on = DynamicSampling.apply(groups, REF.toBuilder().optDynamicSampling(true).build());
    assertEquals(1, on.dropped());
    assertArrayEquals(new int[] {1, 2}, on.keptIndices());
    assertEquals(1, StepMetrics.of(on.kept(), on.dropped()).droppedGroups());
  }
}
