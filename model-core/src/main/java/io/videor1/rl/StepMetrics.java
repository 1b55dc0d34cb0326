package io.videor1.rl;

import java.util.Arrays;
import java.util.List;

/**
 * One training step's reward statistics (spec §4.7, plus the ones T-GRPO runs need to be read).
 *
 * <p>Means and standard deviations (unbiased, as torch's) are over all ordered completions of the step. Group-level
 * fractions follow the reference's definitions on summed rewards: a group is "all wrong" when every reward is ≤ 1
 * and "all correct" when every reward is ≥ 2. The temporal win rate is the share of video groups with shuffled
 * completions whose own p ≥ μ·p̃ (NaN when there are none); the temporal indicator mean is the reference's
 * {@code temporal_rewards} curve (1/0 for videos, 0.5 for images).
 *
 * @param groups groups in the step (after dynamic sampling)
 * @param completions ordered completions in them
 * @param droppedGroups groups removed by dynamic sampling
 * @param accuracyMean mean accuracy before bonuses
 * @param accuracyStd its std
 * @param formatMean mean format reward
 * @param formatStd its std
 * @param temporalBonusMean mean temporal bonus per completion
 * @param temporalBonusStd its std
 * @param lengthBonusMean mean length bonus per completion
 * @param lengthBonusStd its std
 * @param rewardMean mean summed reward
 * @param rewardStd std of the summed rewards over the step
 * @param groupRewardStdMean mean over groups of the within-group std (the reference's {@code reward_std})
 * @param allCorrectFraction share of groups with every reward ≥ 2
 * @param allWrongFraction share of groups with every reward ≤ 1
 * @param zeroStdFraction share of groups whose rewards all agree
 * @param videoGroups groups with a temporal comparison (video, shuffled completions present)
 * @param temporalWinRate share of those with p ≥ μ·p̃
 * @param temporalIndicatorMean mean of the per-group temporal indicator
 * @param lengthMean mean completion length (tokens)
 * @param lengthStd its std
 * @param lengthMin shortest completion
 * @param lengthMax longest completion
 */
public record StepMetrics(
    int groups,
    int completions,
    int droppedGroups,
    double accuracyMean,
    double accuracyStd,
    double formatMean,
    double formatStd,
    double temporalBonusMean,
    double temporalBonusStd,
    double lengthBonusMean,
    double lengthBonusStd,
    double rewardMean,
    double rewardStd,
    double groupRewardStdMean,
    double allCorrectFraction,
    double allWrongFraction,
    double zeroStdFraction,
    int videoGroups,
    double temporalWinRate,
    double temporalIndicatorMean,
    double lengthMean,
    double lengthStd,
    int lengthMin,
    int lengthMax) {

  /** The metrics of {@code groups}; {@code droppedGroups} is passed through from {@link DynamicSampling}. */
  public static StepMetrics of(List<GroupRewards> groups, int droppedGroups) {
    int n = groups.stream().mapToInt(GroupRewards::size).sum();
    double[] acc = flatten(groups, GroupRewards::accuracy, n);
    double[] fmt = flatten(groups, GroupRewards::format, n);
    double[] tb = flatten(groups, GroupRewards::temporalBonus, n);
    double[] lb = flatten(groups, GroupRewards::lengthBonus, n);
    double[] total = flatten(groups, GroupRewards::total, n);
    double[] len = new double[n];
    int k = 0;
    for (GroupRewards g : groups) {
      for (int l : g.lengths()) {
        len[k++] = l;
      }
    }
    int allCorrect = 0;
    int allWrong = 0;
    int zeroStd = 0;
    int video = 0;
    int wins = 0;
    double groupStdSum = 0;
    double indicatorSum = 0;
    for (GroupRewards g : groups) {
      double[] r = g.total();
      allCorrect += Arrays.stream(r).allMatch(v -> v >= 2) ? 1 : 0;
      allWrong += Arrays.stream(r).allMatch(v -> v <= 1) ? 1 : 0;
      zeroStd += g.zeroVariance() ? 1 : 0;
      groupStdSum += GroupAdvantages.std(r, mean(r));
      indicatorSum += g.temporalIndicator();
      if (g.video() && !Double.isNaN(g.shuffledMean())) {
        video++;
        wins += g.groupWin() ? 1 : 0;
      }
    }
    int gCount = groups.size();
    return new StepMetrics(gCount, n, droppedGroups, mean(acc), std(acc), mean(fmt), std(fmt), mean(tb), std(tb),
        mean(lb), std(lb), mean(total), std(total), ratio(groupStdSum, gCount), ratio(allCorrect, gCount),
        ratio(allWrong, gCount), ratio(zeroStd, gCount), video, ratio(wins, video), ratio(indicatorSum, gCount),
        mean(len), std(len), (int) Arrays.stream(len).min().orElse(0), (int) Arrays.stream(len).max().orElse(0));
  }

  private static double[] flatten(
      List<GroupRewards> groups, java.util.function.Function<GroupRewards, double[]> f, int n) {
    double[] out = new double[n];
    int k = 0;
    for (GroupRewards g : groups) {
      double[] src = f.apply(g);
      System.arraycopy(src, 0, out, k, src.length);
      k += src.length;
    }
    return out;
  }

  private static double mean(double[] v) {
    return v.length == 0 ? Double.NaN : Arrays.stream(v).sum() / v.length;
  }

  private static double std(double[] v) {
    return v.length == 0 ? Double.NaN : GroupAdvantages.std(v, mean(v));
  }

  private static double ratio(double num, int den) {
    return den == 0 ? Double.NaN : num / den;
  }
}
