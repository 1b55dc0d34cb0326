package io.videor1.inspect;

import java.util.Locale;

/** Human-readable sizes and counts for the inspect report. */
final class Units {
  private Units() {}

  /** 1,234,567 bytes as "1.2 MB" (decimal units, as file managers show them). */
  static String bytes(long b) {
    String[] units = {"B", "kB", "MB", "GB", "TB"};
    double v = b;
    int u = 0;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return u == 0 ? b + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** 3,754,622,976 as "3,754,622,976 (3.75 B)". */
  static String count(long n) {
    String s = String.format(Locale.ROOT, "%,d", n);
    if (n < 1_000_000) {
      return s;
    }
    return n >= 1_000_000_000 ? String.format(Locale.ROOT, "%s (%.2f B)", s, n / 1e9)
        : String.format(Locale.ROOT, "%s (%.2f M)", s, n / 1e6);
  }
}
