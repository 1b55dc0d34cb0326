package io.videor1.train.grpo;

import io.videor1.rl.GroupRewards;
import java.io.Serializable;
import java.util.List;

/**
 * What the driver learns about one prompt of a T-GRPO step: its ledger rows and its group's rewards.
 *
 * @param position the prompt's position in the step's batch
 * @param rows one ledger row per response (G ordered, then G̃ shuffled)
 * @param group the ordered group's rewards, or null when the prompt failed
 * @param trained whether the group contributed a gradient (false when dynamic sampling dropped it, or on failure)
 * @param loss the group's objective value (NaN when not trained)
 * @param kl the group's mean KL to the reference (NaN when not trained)
 */
public record PromptResult(int position, List<LedgerRow> rows, Group group, boolean trained, double loss, double kl)
    implements Serializable {

  /** {@link GroupRewards} in serialisable form. */
  public record Group(double[] accuracy, double[] format, double[] temporalBonus, double[] lengthBonus,
      double[] total, int[] lengths, boolean video, double orderedMean, double shuffledMean, boolean groupWin,
      double temporalIndicator) implements Serializable {

    static Group of(GroupRewards g) {
      return new Group(g.accuracy(), g.format(), g.temporalBonus(), g.lengthBonus(), g.total(), g.lengths(),
          g.video(), g.orderedMean(), g.shuffledMean(), g.groupWin(), g.temporalIndicator());
    }

    /** Back to the metrics' type. */
    public GroupRewards rewards() {
      return new GroupRewards(accuracy, format, temporalBonus, lengthBonus, total, lengths, video, orderedMean,
          shuffledMean, groupWin, temporalIndicator);
    }
  }

  /**
   * A task's results and where its time went; {@code orderPassSeconds} is the teacher-forced passes on shuffled
   * frames of the temporal modes that run them, NaN in the others.
   */
  public record TaskSummary(List<PromptResult> prompts, double rolloutSeconds, double rewardSeconds,
      double gradientSeconds, double wallSeconds, int threads, double orderPassSeconds) implements Serializable {}
}
