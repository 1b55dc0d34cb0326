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
