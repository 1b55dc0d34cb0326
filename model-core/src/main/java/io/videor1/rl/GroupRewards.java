package io.videor1.rl;

/**
 * The T-GRPO rewards of one prompt's group, with every component kept for logging.
 *
 * <p>total_i = (accuracy_i + temporalBonus_i) + format_i + lengthBonus_i, in the reference's order (spec §4.6).
 *
 * @param accuracy accuracy before any bonus
 * @param format format reward
 * @param temporalBonus α or 0 per completion
 * @param lengthBonus the length bonus or 0 per completion
 * @param total the summed reward per completion
 * @param lengths completion lengths in tokens
 * @param video whether the prompt is a video
 * @param orderedMean p: this group's mean ordered accuracy
 * @param shuffledMean p̃: this group's mean shuffled accuracy, NaN when it has no shuffled completions
 * @param groupWin whether this group's own p ≥ μ·p̃ (false without shuffled completions); the win-rate metric
 * @param temporalIndicator what the reference logs as {@code temporal_rewards}: 1 when the condition held for a video
 *     call, 0 when it did not, 0.5 otherwise (images, temporal off)
 */
public record GroupRewards(
    double[] accuracy,
    double[] format,
    double[] temporalBonus,
    double[] lengthBonus,
    double[] total,
    int[] lengths,
    boolean video,
    double orderedMean,
    double shuffledMean,
    boolean groupWin,
    double temporalIndicator) {

  /** The number of ordered completions G. */
  public int size() {
    return total.length;
  }

  /** Whether the group's summed rewards all agree (zero variance: no advantage signal). */
  public boolean zeroVariance() {
    for (double r : total) {
      if (r != total[0]) {
        return false;
      }
    }
    return true;
  }
}
