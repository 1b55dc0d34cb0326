package io.videor1.report;

/**
 * TensorBoard's scalar smoothing: an exponential moving average, debiased, over the points in order.
 *
 * <p>With weight {@code w}, {@code last_t = w * last_{t-1} + (1 - w) * x_t} from {@code last_0 = 0}, shown as
 * {@code last_t / (1 - w^t)}. Starting at 0 biases the early values towards 0 by the factor {@code 1 - w^t} (a
 * constant series c gives {@code last_t = c * (1 - w^t)}), so dividing by it makes the first point its own value and
 * every point a weighted mean of the points so far, with weights proportional to {@code w^(t-i)}. As TensorBoard does
 * (its vz_line_chart2 {@code resmoothDataset}): a constant series and non-finite points are shown as they are, and
 * {@code t} counts only the finite points. The weight is per point, not per step, so a run that logs every step and
 * one that skips steps are smoothed alike per logged value.
 */
final class Smoothing {
  private Smoothing() {}

  /** The smoothed values of {@code y}; weight 0 returns a copy, weights must be in [0, 1). */
  static double[] ema(double[] y, double weight) {
    if (!(weight >= 0 && weight < 1)) {
      throw new IllegalArgumentException("smoothing weight must be in [0, 1), got " + weight);
    }
    double[] out = y.clone();
    if (weight == 0 || constant(y)) {
      return out;
    }
    double last = 0;
    int n = 0;
    for (int i = 0; i < y.length; i++) {
      if (!Double.isFinite(y[i])) {
        continue; // shown as is, and not counted
      }
      last = last * weight + (1 - weight) * y[i];
      n++;
      out[i] = last / (1 - Math.pow(weight, n));
    }
    return out;
  }

  /** Floating-point division would move a constant series off its value by an ulp or so: TensorBoard's #786. */
  private static boolean constant(double[] y) {
    for (double v : y) {
      if (Double.compare(v, y[0]) != 0) {
        return false;
      }
    }
    return true;
  }
}
