package io.videor1.reward;

import java.util.OptionalDouble;

/**
 * The training reward for regression answers (spec §4.2): one minus the clipped relative error.
 *
 * <p>Reference: rel = (|pred − gt| + 1e-9) / (|gt| + 1e-9), clipped with Python's {@code min(1.0, max(0.0, rel))},
 * reward = 1 − rel; unparsable numbers (after deleting commas) score 0. Example: gt 2.0, pred 2.5 → 0.75.
 *
 * <p>Two reference quirks are kept by default and can be switched off:
 *
 * <ul>
 *   <li>{@link RewardOptions#regressionEpsilonInNumerator()}: the 1e-9 in the numerator makes an exact answer to a
 *       ground truth of 0 score 0 (rel = 1e-9 / 1e-9). Off: rel = |pred − gt| / (|gt| + 1e-9), so exact answers score
 *       1.
 *   <li>{@link RewardOptions#regressionNanAsExact()}: Python's {@code max(0.0, nan)} returns 0.0, so a NaN relative
 *       error (the answer "nan", or an infinite ground truth) is clipped to 0 and scores 1.0. Off: NaN scores 0.
 * </ul>
 */
public final class RegressionReward {
  private RegressionReward() {}

  /**
   * The regression reward of {@code prediction} against {@code groundTruth} (both extracted answers).
   *
   * @return a value in [0, 1]
   */
  public static double score(String groundTruth, String prediction, RewardOptions opts) {
    OptionalDouble gt = PythonFloat.normalizeNumber(groundTruth);
    OptionalDouble pred = PythonFloat.normalizeNumber(prediction);
    if (gt.isEmpty() || pred.isEmpty()) {
      return 0.0;
    }
    double g = gt.getAsDouble();
    double p = pred.getAsDouble();
    double numerator = opts.regressionEpsilonInNumerator() ? Math.abs(p - g) + 1e-9 : Math.abs(p - g);
    double rel = numerator / (Math.abs(g) + 1e-9);
    if (Double.isNaN(rel)) {
      return opts.regressionNanAsExact() ? 1.0 : 0.0;
    }
    return 1 - Math.min(1.0, Math.max(0.0, rel));
  }
}
