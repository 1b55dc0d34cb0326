package io.videor1.bench;

import java.util.Arrays;
import java.util.List;

/** Small statistics the benchmarks print. */
final class Stats {
  private Stats() {}

  /** The median (the mean of the middle two for an even count; NaN when empty). */
  static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a.length == 0 ? Double.NaN : a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  /** Two-sided 95% critical values of Student's t for 1 to 30 degrees of freedom. */
  private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201,
      2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052,
      2.048, 2.045, 2.042};

  /** The 0.975 quantile of Student's t with {@code df} degrees of freedom (a table to 30, Cornish-Fisher above). */
  static double t975(int df) {
    if (df < 1) {
      return Double.NaN;
    }
    if (df <= T975.length) {
      return T975[df - 1];
    }
    double z = 1.959964;
    double z3 = z * z * z;
    double z5 = z3 * z * z;
    return z + (z3 + z) / (4.0 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * df * df);
  }

  /**
   * The mean of {@code v} with its 95% t interval, mean ± t(n − 1)·sd/√n: {mean, lo, hi} (lo = hi = NaN with
   * fewer than 2 values).
   */
  static double[] tInterval(double[] v) {
    int n = v.length;
    double mean = 0;
    for (double x : v) {
      mean += x / n;
    }
    if (n < 2) {
      return new double[] {n == 0 ? Double.NaN : mean, Double.NaN, Double.NaN};
    }
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    double half = t975(n - 1) * Math.sqrt(ss / (n - 1) / n);
    return new double[] {mean, mean - half, mean + half};
  }

  /** The CPU's model name from /proc/cpuinfo, or the OS architecture where there is none. */
  static String cpu() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // no /proc: fall through
    }
    return System.getProperty("os.arch");
  }
}
