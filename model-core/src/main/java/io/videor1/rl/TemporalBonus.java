package io.videor1.rl;

/**
 * The temporal bonus of T-GRPO (spec §4.4).
 *
 * <p>For a video prompt, G̃ extra completions are sampled with the frames in a random order. With p the mean accuracy
 * of the G ordered completions and p̃ that of the shuffled ones (raw values, continuous rewards included), when
 * p ≥ μ·p̃ every ordered completion with accuracy &gt; the correctness threshold gets +α. Shuffled completions only
 * enter this comparison, never the loss. Edge case: p = p̃ = 0 meets the condition, but no completion is correct, so
 * nothing is added. The reference computes p and p̃ in float32; here they are doubles, which can only differ when
 * p and μ·p̃ agree to about seven digits.
 */
public final class TemporalBonus {
  private TemporalBonus() {}

  /** Whether the bonus condition p ≥ μ·p̃ holds; false when either mean is NaN (no shuffled completions). */
  public static boolean condition(double orderedMean, double shuffledMean, double mu) {
    return orderedMean >= mu * shuffledMean;
  }

  /**
   * The per-completion bonuses for one group.
   *
   * @param accuracy ordered accuracies before any bonus
   * @param conditionHolds whether p ≥ μ·p̃ held (for this group, or for the pooled call)
   * @return α for completions with accuracy &gt; threshold when the condition holds, else 0
   */
  public static double[] bonuses(double[] accuracy, boolean conditionHolds, RlOptions opts) {
    double[] out = new double[accuracy.length];
    if (!conditionHolds) {
      return out;
    }
    for (int i = 0; i < accuracy.length; i++) {
      if (accuracy[i] > opts.correctThreshold()) {
        out[i] = opts.temporalAlpha();
      }
    }
    return out;
  }

  /** The arithmetic mean, NaN for no values (as torch's mean of an empty tensor). */
  static double mean(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
