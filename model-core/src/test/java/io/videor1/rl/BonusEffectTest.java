package io.videor1.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class BonusEffectTest {
  private static final RlOptions STD = RlOptions.defaults();
  private static final RlOptions DR_GRPO = RlOptions.builder().optScaleAdvantageByStd(false).build();

  /** 8 completions, 3 correct, all well formatted, the group wins: each correct one gets α = 0.3. */
  private static BonusEffect.Group winning(double[] format) {
    double[] acc = {1, 0, 0, 1, 0, 1, 0, 0};
    double[] bonus = new double[8];
    double[] total = new double[8];
    for (int i = 0; i < 8; i++) {
      bonus[i] = acc[i] > 0 ? 0.3 : 0;
      total[i] = acc[i] + bonus[i] + format[i];
    }
    return new BonusEffect.Group(total, bonus);
  }

  @Test
  void underStdScalingTheBonusCancelsWhenTheFormatIsConstant() {
    BonusEffect.Group g = winning(new double[] {1, 1, 1, 1, 1, 1, 1, 1});
    for (double s : BonusEffect.shift(g, STD)) {
      assertEquals(0, s, 1e-4, "only epsilon is left");
    }
    BonusEffect e = BonusEffect.of(List.of(g), STD);
    assertEquals(1, e.bonusGroups());
    assertEquals(0, e.movedGroups());
  }

  @Test
  void withoutStdScalingTheBonusMultipliesTheAdvantagesByOnePlusAlpha() {
    BonusEffect.Group g = winning(new double[] {1, 1, 1, 1, 1, 1, 1, 1});
    double[] a = GroupAdvantages.compute(g.total(), DR_GRPO);
    double[] s = BonusEffect.shift(g, DR_GRPO);
    for (int i = 0; i < 8; i++) {
      assertEquals(a[i] - a[i] / 1.3, s[i], 1e-12);
    }
    assertEquals(1, BonusEffect.of(List.of(g), DR_GRPO).movedGroups());
  }

  @Test
  void aFormatThatVariesLetsTheBonusThroughEvenUnderStdScaling() {
    BonusEffect.Group g = winning(new double[] {1, 0, 1, 1, 1, 0, 1, 1});
    BonusEffect e = BonusEffect.of(List.of(g, winning(new double[] {1, 1, 1, 1, 1, 1, 1, 1})), STD);
    assertEquals(2, e.groups());
    assertEquals(2, e.bonusGroups());
    assertEquals(1, e.movedGroups());
  }

  @Test
  void aGroupWithoutBonusIsUnmovedAndMismatchedColumnsAreRefused() {
    BonusEffect.Group none = new BonusEffect.Group(new double[] {2, 1, 1, 2}, new double[4]);
    BonusEffect e = BonusEffect.of(List.of(none), STD);
    assertEquals(0, e.bonusGroups());
    assertEquals(0, e.meanAbsShift());
    assertThrows(IllegalArgumentException.class, () -> new BonusEffect.Group(new double[2], new double[3]));
  }
}
