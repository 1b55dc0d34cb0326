package io.videor1.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The statistics of a paired comparison over seeds ({@code bench temporal}): two arms A and B trained with the same
 * seed (common random numbers) give one paired difference per seed, and each arm's score is the mean over the same
 * questions. Pure functions on arrays; every random draw comes from the seed it is given.
 *
 * <p>The test is the one-sided paired sign-flip (randomisation) test of "A is better than B": under the null the sign
 * of each seed's difference is a fair coin, so the p-value is the share of the 2^N sign patterns whose sum reaches the
 * observed one. It assumes only that the differences are symmetric about 0 under the null, not that they are normal
 * (with N = 3 to 20 seeds there is no telling). The interval is a two-level bootstrap: seeds are drawn with
 * replacement, then within each drawn seed its questions, because a run's score is itself an estimate from a finite
 * set of questions and both sources of noise belong in the interval.
 */
public final class PairedSeeds {
  /** Seeds up to which the sign-flip p-value enumerates every pattern (2^20 ≈ 10^6 sums). */
  public static final int EXACT_MAX = 20;

  private PairedSeeds() {}

  /** A percentile interval. */
  public record Interval(double lo, double hi) {}

  /**
   * The one-sided sign-flip p-value of mean(d) &gt; 0: P(Σ ε_s·|d_s| ≥ Σ d_s) over independent fair signs ε. Exact
   * (every pattern) for up to {@link #EXACT_MAX} seeds, else {@code draws} seeded patterns with the add-one estimate
   * (1 + hits) / (1 + draws), which never returns 0. NaN when {@code d} is empty.
   */
  public static double signFlipP(double[] d, int draws, long seed) {
    int n = d.length;
    if (n == 0) {
      return Double.NaN;
    }
    double observed = 0;
    double scale = 0;
    for (double x : d) {
      observed += x;
      scale += Math.abs(x);
    }
    // a pattern whose sum equals the observed one counts as reaching it; floating sums of the same terms in another
    // order may differ in the last bits, hence the tolerance
    double tol = 1e-12 * Math.max(1, scale);
    if (n <= EXACT_MAX) {
      long hits = 0;
      long patterns = 1L << n;
      for (long mask = 0; mask < patterns; mask++) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += ((mask >>> i) & 1) == 0 ? Math.abs(d[i]) : -Math.abs(d[i]);
        }
        hits += s >= observed - tol ? 1 : 0;
      }
      return (double) hits / patterns;
    }
    if (draws < 1) {
      throw new IllegalArgumentException("sign-flip draws must be >= 1 (got " + draws + ")");
    }
    SplittableRandom r = new SplittableRandom(seed);
    long hits = 0;
    for (int k = 0; k < draws; k++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += r.nextBoolean() ? Math.abs(d[i]) : -Math.abs(d[i]);
      }
      hits += s >= observed - tol ? 1 : 0;
    }
    return (1.0 + hits) / (1.0 + draws);
  }

  /**
   * The 95% percentile interval of mean_s mean_q (a[s][q] − b[s][q]) from {@code resamples} two-level draws: N seeds
   * with replacement, then for each drawn seed its Q questions with replacement (independently per drawn seed).
   * {@code a[s]} and {@code b[s]} are seed s's per-question scores of the two arms, the same questions in the same
   * order. Null when there are no seeds.
   */
  public static Interval bootstrap(double[][] a, double[][] b, int resamples, long seed) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("the arms have " + a.length + " and " + b.length + " seeds");
    }
    if (resamples < 1) {
      throw new IllegalArgumentException("bootstrap resamples must be >= 1 (got " + resamples + ")");
    }
    int n = a.length;
    if (n == 0) {
      return null;
    }
    double[][] d = new double[n][];
    for (int s = 0; s < n; s++) {
      if (a[s].length != b[s].length || a[s].length == 0) {
        throw new IllegalArgumentException("seed " + s + ": the arms have " + a[s].length + " and " + b[s].length
            + " questions (must be equal and > 0)");
      }
      d[s] = new double[a[s].length];
      for (int q = 0; q < d[s].length; q++) {
        d[s][q] = a[s][q] - b[s][q];
      }
    }
    SplittableRandom r = new SplittableRandom(seed);
    double[] stats = new double[resamples];
    for (int k = 0; k < resamples; k++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        double[] ds = d[r.nextInt(n)];
        double qs = 0;
        for (int j = 0; j < ds.length; j++) {
          qs += ds[r.nextInt(ds.length)];
        }
        sum += qs / ds.length;
      }
      stats[k] = sum / n;
    }
    Arrays.sort(stats);
    return new Interval(percentile(stats, 0.025), percentile(stats, 0.975));
  }

  /** The sample standard deviation (n − 1); NaN below 2 values. */
  public static double sd(double[] x) {
    if (x.length < 2) {
      return Double.NaN;
    }
    double m = mean(x);
    double ss = 0;
    for (double v : x) {
      ss += (v - m) * (v - m);
    }
    return Math.sqrt(ss / (x.length - 1));
  }

  /** Pearson's correlation of paired values; NaN below 2 pairs or when either side is constant. */
  public static double correlation(double[] x, double[] y) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("correlation of " + x.length + " and " + y.length + " values");
    }
    if (x.length < 2) {
      return Double.NaN;
    }
    double mx = mean(x);
    double my = mean(y);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
  }

  /**
   * The seeds (pairs) a one-sided paired test at level {@code alpha} needs to detect a mean difference {@code delta}
   * with probability {@code power} when the differences have standard deviation {@code sd}: the smallest N with
   * N ≥ ((t_{1−α, N−1} + t_{power, N−1})·sd/δ)², the t form of the normal formula ((z_{1−α} + z_{power})·sd/δ)² (the
   * paired t test's noncentral approximation; the sign-flip test's power is close to the t test's for symmetric
   * differences). At least 2. NaN when sd is not a positive finite number.
   */
  public static double pairsNeeded(double sd, double delta, double alpha, double power) {
    if (!(sd > 0) || !Double.isFinite(sd) || !(delta > 0)) {
      return Double.NaN;
    }
    for (int n = 2; n < 10_000_000; n++) {
      double t = tQuantile(1 - alpha, n - 1) + tQuantile(power, n - 1);
      if (Math.pow(t * sd / delta, 2) <= n) {
        return n;
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  /** The p quantile of Student's t with {@code df} degrees of freedom (Cornish-Fisher; within 0.01 from df = 5). */
  static double tQuantile(double p, int df) {
    double z = normalQuantile(p);
    double z3 = z * z * z;
    double z5 = z3 * z * z;
    double z7 = z5 * z * z;
    return z + (z3 + z) / (4.0 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * df * df)
        + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384.0 * df * df * df);
  }

  /** The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
  static double normalQuantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("quantile of p = " + p);
    }
    double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
        -3.066479806614716e+01, 2.506628277459239e+00};
    double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
        -1.328068155288572e+01};
    double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
        4.374664141464968e+00, 2.938163982698783e+00};
    double[] e = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
    double low = 0.02425;
    if (p < low || p > 1 - low) {
      double q = Math.sqrt(-2 * Math.log(p < low ? p : 1 - p));
      double x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((e[0] * q + e[1]) * q + e[2]) * q + e[3]) * q + 1);
      return p < low ? x : -x;
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }

  static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return x.length == 0 ? Double.NaN : s / x.length;
  }

  /** Linear interpolation between order statistics (numpy's default), as {@code PairedDifference} does. */
  private static double percentile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
