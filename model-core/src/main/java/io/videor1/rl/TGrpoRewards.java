package io.videor1.rl;

import io.videor1.reward.LengthBonus;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles the T-GRPO rewards of one step's groups: temporal bonus, format, length bonus (spec §4.4–§4.6).
 *
 * <p>Order as in the reference: accuracy and format are given; the temporal bonus is added to a copy of the accuracy;
 * the columns are summed; the length bonus, decided from the accuracy before the temporal bonus, is added last.
 *
 * <p>With {@link StatsScope#PER_GROUP} (default) each group is compared with its own shuffled completions and counts
 * its own correct completions. With {@link StatsScope#PER_BATCH} the call is treated as the reference code treats a
 * multi-prompt call: if temporal is on and any group is a video, p is the mean over all ordered completions of all
 * groups and p̃ over all shuffled ones, one condition decides for every completion of the call, and the length rule
 * counts correct completions over the whole call. The two agree whenever a call holds one prompt.
 */
public final class TGrpoRewards {
  private TGrpoRewards() {}

  /** The rewards of each group, in input order. */
  public static List<GroupRewards> assemble(List<RolloutGroup> groups, RlOptions opts) {
    boolean batch = opts.statsScope() == StatsScope.PER_BATCH;
    boolean batchVideo = opts.temporal() && groups.stream().anyMatch(RolloutGroup::video);
    boolean batchCondition = batchVideo && TemporalBonus.condition(
        TemporalBonus.mean(concat(groups, true)), TemporalBonus.mean(concat(groups, false)), opts.temporalMu());
    int batchCorrect = 0;
    for (RolloutGroup g : groups) {
      batchCorrect += countCorrect(g.accuracy(), opts);
    }
    List<GroupRewards> out = new ArrayList<>(groups.size());
    for (RolloutGroup g : groups) {
      double p = TemporalBonus.mean(g.accuracy());
      double pShuffled = TemporalBonus.mean(g.shuffledAccuracy());
      boolean groupWin = g.shuffledAccuracy().length > 0 && TemporalBonus.condition(p, pShuffled, opts.temporalMu());
      boolean applies;
      boolean condition;
      if (batch) {
        applies = batchVideo;
        condition = batchCondition;
      } else {
        applies = opts.temporal() && g.video() && g.shuffledAccuracy().length > 0;
        condition = groupWin;
      }
      double[] temporal = TemporalBonus.bonuses(g.accuracy(), applies && condition, opts);
      double indicator = applies ? (condition ? 1.0 : 0.0) : 0.5;
      double[] length = lengthBonuses(g, batch ? batchCorrect : countCorrect(g.accuracy(), opts), opts);
      double[] total = new double[g.size()];
      for (int i = 0; i < total.length; i++) {
        total[i] = (g.accuracy()[i] + temporal[i]) + g.format()[i] + length[i];
      }
      out.add(new GroupRewards(g.accuracy(), g.format(), temporal, length, total, g.lengths(), g.video(), p,
          pShuffled, groupWin, indicator));
    }
    return out;
  }

  private static double[] lengthBonuses(RolloutGroup g, int correctInScope, RlOptions opts) {
    if (!opts.lengthControl() || correctInScope < opts.lengthMinCorrect()) {
      return new double[g.size()];
    }
    // The count was already checked over the configured scope; within the group, pass minCorrect 0.
    return LengthBonus.bonuses(g.accuracy(), g.lengths(), opts.correctThreshold(), 0, opts.lengthMin(),
        opts.lengthMax(), opts.lengthBonus());
  }

  private static int countCorrect(double[] accuracy, RlOptions opts) {
    int n = 0;
    for (double a : accuracy) {
      if (a > opts.correctThreshold()) {
        n++;
      }
    }
    return n;
  }

  private static double[] concat(List<RolloutGroup> groups, boolean ordered) {
    int n = groups.stream().mapToInt(g -> ordered ? g.size() : g.shuffledAccuracy().length).sum();
    double[] all = new double[n];
    int k = 0;
    for (RolloutGroup g : groups) {
      double[] src = ordered ? g.accuracy() : g.shuffledAccuracy();
      System.arraycopy(src, 0, all, k, src.length);
      k += src.length;
    }
    return all;
  }
}
