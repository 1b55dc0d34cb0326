package io.videor1.score;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The mean of paired differences a_i − b_i (two models, or one model under two frame conditions, scored on the same
 * questions) with a seeded percentile-bootstrap 95% interval. Used by the demo, {@code bench demo} and the frame
 * probes of {@code videor1 eval}, so every interval the project prints is computed the same way.
 *
 * <p>Paired, because both scores of a question come from the same question: resampling questions (not the two score
 * lists apart) keeps the between-question variance out of the difference, which is what makes a 0.05 gap on 200
 * questions visible at all. Stratified, because a benchmark score may be a weighted mean of per-kind means (VSI-Bench:
 * (accuracy + MRA) / 2); each stratum is resampled with its own size, so the statistic keeps its weights.
 *
 * @param mean the observed difference (0 when there are no pairs)
 * @param lo the 2.5th percentile of the resampled differences
 * @param hi the 97.5th percentile
 * @param n the number of pairs (0 says the interval is empty, not that the difference is 0)
 */
public record PairedDifference(double mean, double lo, double hi, int n) {
  /** Resamples of every interval: enough for stable 2.5/97.5 percentiles (about ±0.003 at n = 200). */
  public static final int RESAMPLES = 2000;

  /** mean(a − b) over pairs {@code (a[i], b[i])}, with {@link #RESAMPLES} draws from a generator seeded {@code seed}. */
  public static PairedDifference of(double[] a, double[] b, long seed) {
    return of(a, b, RESAMPLES, seed);
  }

  /** The same with {@code resamples} bootstrap draws. */
  public static PairedDifference of(double[] a, double[] b, int resamples, long seed) {
    return stratified(new double[][] {a}, new double[][] {b}, new double[] {1.0}, resamples, seed);
  }

  /**
   * Σ_s w_s · mean_s(a − b): stratum {@code s} holds pairs {@code (a[s][i], b[s][i])}. An empty stratum contributes
   * nothing (its weight should then be 0, as {@code EvalScorer.benchmarkScore} gives it).
   *
   * @throws IllegalArgumentException when strata or pairs differ in number, or {@code resamples} &lt; 1
   */
  public static PairedDifference stratified(double[][] a, double[][] b, double[] weights, int resamples, long seed) {
    if (a.length != b.length || a.length != weights.length) {
      throw new IllegalArgumentException("strata of a, b and weights differ in number");
    }
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
    }
    double[][] d = new double[a.length][];
    int n = 0;
    for (int s = 0; s < a.length; s++) {
      if (a[s].length != b[s].length) {
        throw new IllegalArgumentException(
            "paired scores differ in length (stratum " + s + "): " + a[s].length + " and " + b[s].length);
      }
      d[s] = new double[a[s].length];
      for (int i = 0; i < d[s].length; i++) {
        d[s][i] = a[s][i] - b[s][i];
      }
      n += d[s].length;
    }
    if (n == 0) {
      return new PairedDifference(0, 0, 0, 0);
    }
    double mean = 0;
    for (int s = 0; s < d.length; s++) {
      mean += d[s].length == 0 ? 0 : weights[s] * Arrays.stream(d[s]).average().orElse(0);
    }
    SplittableRandom r = new SplittableRandom(seed);
    double[] stats = new double[resamples];
    for (int k = 0; k < resamples; k++) {
      double stat = 0;
      for (int s = 0; s < d.length; s++) {
        int m = d[s].length;
        if (m == 0) {
          continue;
        }
        double sum = 0;
        for (int i = 0; i < m; i++) {
          sum += d[s][r.nextInt(m)];
        }
        stat += weights[s] * sum / m;
      }
      stats[k] = stat;
    }
    Arrays.sort(stats);
    return new PairedDifference(mean, percentile(stats, 0.025), percentile(stats, 0.975), n);
  }

  /** Whether the whole interval lies above {@code x}. */
  public boolean above(double x) {
    return lo > x;
  }

  /** Linear interpolation between order statistics (numpy's default), so small resample counts behave. */
  private static double percentile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
