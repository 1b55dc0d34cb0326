package io.videor1.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Group-relative advantages of spec §5.2. */
class GroupAdvantagesTest {
  private static final RlOptions REF = RlOptions.defaults();

  @Test
  void specExample() {
    double[] r = {2.5, 1.0, 2.2, 0.0, 1.0, 2.5, 1.2, 1.0};
    double[] a = GroupAdvantages.compute(r, REF);
    assertArrayEquals(new double[] {1.209, -0.478, 0.872, -1.602, -0.478, 1.209, -0.253, -0.478}, a, 1e-3);
    // By hand: mean 1.425, unbiased std sqrt(5.535 / 7).
    double std = Math.sqrt(5.535 / 7);
    assertEquals(0.8892, std, 1e-4);
    assertEquals((2.5 - 1.425) / (std + 1e-4), a[0], 1e-12);
  }

  @Test
  void equalRewardsGiveExactZeros() {
    assertArrayEquals(new double[] {0, 0, 0}, GroupAdvantages.compute(new double[] {0.1, 0.1, 0.1}, REF), 0.0);
    RlOptions drGrpo = REF.toBuilder().optScaleAdvantageByStd(false).build();
    assertArrayEquals(new double[] {0, 0}, GroupAdvantages.compute(new double[] {2.3, 2.3}, drGrpo), 0.0);
  }

  @Test
  void degenerateGroupsStayFinite() {
    assertArrayEquals(new double[] {0}, GroupAdvantages.compute(new double[] {1.7}, REF), 0.0);
    assertArrayEquals(new double[0], GroupAdvantages.compute(new double[0], REF), 0.0);
    double[] withNan = GroupAdvantages.compute(new double[] {Double.NaN, 2.0}, REF);
    double std = Math.sqrt(2.0); // rewards {0, 2}
    assertArrayEquals(new double[] {-1 / (std + 1e-4), 1 / (std + 1e-4)}, withNan, 1e-12);
  }

  @Test
  void drGrpoDropsTheStdScaling() {
    RlOptions drGrpo = REF.toBuilder().optScaleAdvantageByStd(false).build();
    assertArrayEquals(new double[] {-0.5, 0.5}, GroupAdvantages.compute(new double[] {1, 2}, drGrpo), 1e-15);
  }

  @Test
  void groupedFollowsTheReferenceView() {
    double[] a = GroupAdvantages.computeGrouped(new double[] {1, 2, 5, 5}, 2, REF);
    double s = Math.sqrt(0.5);
    assertArrayEquals(new double[] {-0.5 / (s + 1e-4), 0.5 / (s + 1e-4), 0, 0}, a, 1e-12);
    assertThrows(IllegalArgumentException.class, () -> GroupAdvantages.computeGrouped(new double[3], 2, REF));
  }
}
