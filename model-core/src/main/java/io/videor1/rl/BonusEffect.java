package io.videor1.rl;

import java.util.List;

/**
 * What T-GRPO's temporal bonus changes in the loss: the advantages with the bonus against those of the same rewards
 * without it, group by group (the reference's Video-R1 #51).
 *
 * <p>The bonus is α on every correct ordered completion of a group that wins the comparison, so with the format
 * reward constant over the group, R_i = (1 + α)·c_i + f and, with advantages scaled by the group's std, A_i =
 * (1 + α)(c_i − p) / ((1 + α)·s + ε): the same as without the bonus up to ε. The bonus then moves nothing but the
 * groups whose format rewards differ; without the std scaling (Dr. GRPO) it multiplies a winning group's advantages
 * by 1 + α, which weights that prompt more. This measures which of the two a run was in.
 *
 * @param groups groups looked at
 * @param bonusGroups groups in which some completion got the bonus
 * @param movedGroups groups in which the bonus moved some advantage by more than {@link #MOVED}
 * @param meanAbsShift mean over completions of |A(R) − A(R − bonus)|
 * @param meanAbsAdvantage mean over completions of |A(R)|, the scale of the shift
 */
public record BonusEffect(int groups, int bonusGroups, int movedGroups, double meanAbsShift,
    double meanAbsAdvantage) {
  /** A shift below this is ε's rounding (ε = 1e-4 moves an advantage by about 1e-4 · α / s), not an effect. */
  public static final double MOVED = 1e-3;

  /** One group: its summed rewards (bonus included) and its temporal bonuses, completion by completion. */
  public record Group(double[] total, double[] temporalBonus) {
    public Group {
      if (total.length != temporalBonus.length) {
        throw new IllegalArgumentException(total.length + " rewards but " + temporalBonus.length + " bonuses");
      }
    }
  }

  /** A(R) − A(R − bonus) for one group, completion by completion. */
  public static double[] shift(Group g, RlOptions opts) {
    return shift(g, GroupAdvantages.compute(g.total(), opts), opts);
  }

  /** The same, given the group's advantages A(R). */
  private static double[] shift(Group g, double[] a, RlOptions opts) {
    double[] without = new double[g.total().length];
    for (int i = 0; i < without.length; i++) {
      without[i] = g.total()[i] - g.temporalBonus()[i];
    }
    double[] b = GroupAdvantages.compute(without, opts);
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }

  /** The effect over many groups (a run's ledger). */
  public static BonusEffect of(List<Group> groups, RlOptions opts) {
    int bonus = 0;
    int moved = 0;
    int n = 0;
    double shiftSum = 0;
    double advSum = 0;
    for (Group g : groups) {
      double[] a = GroupAdvantages.compute(g.total(), opts);
      double[] s = shift(g, a, opts);
      boolean any = false;
      boolean big = false;
      for (int i = 0; i < s.length; i++) {
        any |= g.temporalBonus()[i] != 0;
        big |= Math.abs(s[i]) > MOVED;
        shiftSum += Math.abs(s[i]);
        advSum += Math.abs(a[i]);
        n++;
      }
      bonus += any ? 1 : 0;
      moved += big ? 1 : 0;
    }
    return new BonusEffect(groups.size(), bonus, moved, n == 0 ? 0 : shiftSum / n, n == 0 ? 0 : advSum / n);
  }
}
