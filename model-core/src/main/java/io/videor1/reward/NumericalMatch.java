package io.videor1.reward;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.OptionalDouble;

/**
 * The numerical accuracy rule (spec §4.2), shared by training and evaluation.
 *
 * <p>Reference behaviour ({@link RewardOptions#numericalDecimalFlag()} true): a string "has a decimal" when it
 * contains {@code .} or {@code ,}; if the ground truth and the prediction differ in that flag the reward is 0, so
 * {@code 12} vs {@code 12.0} and {@code 1,234} vs {@code 1234} score 0. Otherwise both are parsed with commas deleted
 * (Python {@code float} grammar, {@link PythonFloat}) and the reward is 1 iff Python's {@code round(x, 2)} agrees.
 * With the flag off, the flag test is skipped and only the rounded values are compared.
 */
public final class NumericalMatch {
  private NumericalMatch() {}

  /**
   * 1.0 when {@code prediction} matches {@code groundTruth} under the numerical rule, else 0.0.
   *
   * @param groundTruth the extracted ground-truth answer
   * @param prediction the extracted (or, at evaluation, fallback) prediction
   */
  public static double score(String groundTruth, String prediction, RewardOptions opts) {
    if (opts.numericalDecimalFlag() && PyText.hasDecimalMark(groundTruth) != PyText.hasDecimalMark(prediction)) {
      return 0.0;
    }
    OptionalDouble gt = PythonFloat.normalizeNumber(groundTruth);
    OptionalDouble pred = PythonFloat.normalizeNumber(prediction);
    if (gt.isEmpty() || pred.isEmpty()) {
      return 0.0;
    }
    return round2(gt.getAsDouble()) == round2(pred.getAsDouble()) ? 1.0 : 0.0;
  }

  /**
   * Python's {@code round(x, 2)} for a float: the exact binary value rounded half-to-even to two decimals, then the
   * nearest double. Infinities and NaN are returned unchanged, as in Python (so {@code inf} equals {@code inf} and
   * {@code nan} equals nothing).
   */
  public static double round2(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return x;
    }
    if (Math.abs(x) >= 0x1p52) {
      return x; // already an integer: two decimals change nothing (and BigDecimal would be slow for 1e308)
    }
    double r = new BigDecimal(x).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
    return r == 0.0 ? Math.copySign(0.0, x) : r;
  }
}
