package io.videor1.score;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The mean of paired differences a_i − b_i (two models, or two frame conditions, scored on the same questions) with a
 * seeded percentile-bootstrap 95% interval: questions are resampled with replacement, so the interval carries the
 * test set's sampling noise, and the pairing removes the variance the two share.
 *
 * @param mean the observed mean difference
 * @param lo the 2.5th percentile of the resampled means
 * @param hi the 97.5th percentile
 * @param n the number of pairs
 */
public record PairedDifference(double mean, double lo, double hi, int n) {
  /** Resamples of the bootstrap: enough that the percentiles move by well under 0.005 between seeds. */
  public static final int RESAMPLES = 2000;

  /** The difference of {@code a} and {@code b} (same length, pair i = question i) with {@link #RESAMPLES}. */
  public static PairedDifference of(double[] a, double[] b, long seed) {
    return of(a, b, RESAMPLES, seed);
  }

  /** The same with {@code resamples} bootstrap draws from a generator seeded with {@code seed}. */
  public static PairedDifference of(double[] a, double[] b, int resamples, long seed) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("paired scores differ in length: " + a.length + " and " + b.length);
    }
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
    }
    int n = a.length;
    if (n == 0) {
      return new PairedDifference(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    double[] d = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      d[i] = a[i] - b[i];
      sum += d[i];
    }
    SplittableRandom r = new SplittableRandom(seed);
    double[] means = new double[resamples];
    for (int k = 0; k < resamples; k++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += d[r.nextInt(n)];
      }
      means[k] = s / n;
    }
    Arrays.sort(means);
    return new PairedDifference(sum / n, percentile(means, 0.025), percentile(means, 0.975), n);
  }

  /** Whether the whole interval lies above zero. */
  public boolean above(double x) {
    return lo > x;
  }

  private static double percentile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int i = (int) Math.floor(pos);
    int j = Math.min(sorted.length - 1, i + 1);
    return sorted[i] + (sorted[j] - sorted[i]) * (pos - i);
  }
}
