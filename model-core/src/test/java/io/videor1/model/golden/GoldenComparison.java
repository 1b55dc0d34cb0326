package io.videor1.model.golden;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the Java model's arrays with the golden ones: shapes and lengths must be equal, floats within
 * {@link #FLOAT_TOLERANCE}, integers exactly. Collects every mismatch, so one run reports all of them.
 */
public final class GoldenComparison {
  /** Absolute tolerance for float values (float32 against float32; the measured gap is about 5e-6). */
  public static final double FLOAT_TOLERANCE = 1e-4;

  /**
   * Compares every golden array of a case with the Java outputs that carry its key. Inputs ({@code *pixels}) are not
   * compared; a golden key without a Java output is a failure, Java outputs the golden lacks are ignored.
   */
  public static GoldenComparison of(Map<String, GoldenValues> golden, Map<String, GoldenValues> java) {
    GoldenComparison c = new GoldenComparison();
    for (Map.Entry<String, GoldenValues> e : golden.entrySet()) {
      String key = e.getKey();
      if (key.endsWith("pixels")) {
        continue;
      }
      GoldenValues expected = key.endsWith("cu_window_seqlens") ? uniqueConsecutive(e.getValue()) : e.getValue();
      List<String> labels = java.keySet().stream().filter(l -> baseKey(l).equals(key)).toList();
      if (labels.isEmpty()) {
        c.check(key, expected, null);
      }
      labels.forEach(l -> c.check(l, expected, java.get(l)));
    }
    return c;
  }

  /**
   * transformers stores {@code cu_window_seqlens} with a repeated entry for every empty padding window and applies
   * {@code torch.unique_consecutive} before attention; the Java plan drops empty windows, so the deduplicated form is
   * what both sides actually use.
   */
  static GoldenValues uniqueConsecutive(GoldenValues v) {
    long[] out = new long[v.size()];
    int n = 0;
    for (long x : v.ints()) {
      if (n == 0 || out[n - 1] != x) {
        out[n++] = x;
      }
    }
    return GoldenValues.ints(new long[] {n}, Arrays.copyOf(out, n));
  }

  private final Map<String, Double> maxDiffs = new LinkedHashMap<>();
  private final List<String> failures = new ArrayList<>();

  /** Compares {@code actual} against {@code expected} under {@code label}. */
  public GoldenComparison check(String label, GoldenValues expected, GoldenValues actual) {
    if (expected == null || actual == null) {
      failures.add(label + ": " + (expected == null ? "no golden value" : "not computed"));
      return this;
    }
    if (!Arrays.equals(expected.shape(), actual.shape()) || expected.size() != actual.size()) {
      failures.add(label + ": shape " + Arrays.toString(actual.shape()) + " (" + actual.size() + " values), golden "
          + Arrays.toString(expected.shape()) + " (" + expected.size() + " values)");
      return this;
    }
    if (expected.integer() != actual.integer()) {
      failures.add(label + ": " + (actual.integer() ? "integers" : "floats") + " where the golden has "
          + (expected.integer() ? "integers" : "floats"));
      return this;
    }
    double d = 0;
    int worst = -1;
    for (int i = 0; i < expected.size(); i++) {
      double e = expected.integer() ? Math.abs(expected.ints()[i] - actual.ints()[i])
          : Math.abs(expected.floats()[i] - actual.floats()[i]);
      if (!(e <= d)) { // NaN counts as the worst
        d = Double.isNaN(e) ? Double.POSITIVE_INFINITY : e;
        worst = i;
      }
    }
    maxDiffs.put(label, d);
    double tol = expected.integer() ? 0 : FLOAT_TOLERANCE;
    if (d > tol) {
      failures.add(label + ": max |Δ| " + d + " > " + tol + " at index " + worst + " (Java "
          + value(actual, worst) + ", golden " + value(expected, worst) + ")");
    }
    return this;
  }

  private static String value(GoldenValues v, int i) {
    return v.integer() ? Long.toString(v.ints()[i]) : Double.toString(v.floats()[i]);
  }

  /** The mismatches found so far (empty when everything agrees). */
  public List<String> failures() {
    return List.copyOf(failures);
  }

  /** Max |Δ| per compared label. */
  public Map<String, Double> maxDiffs() {
    return Map.copyOf(maxDiffs);
  }

  /** The largest float difference over all labels. */
  public double maxFloatDiff(Map<String, GoldenValues> expectedByLabel) {
    return maxDiffs.entrySet().stream().filter(e -> !expectedByLabel.get(baseKey(e.getKey())).integer())
        .mapToDouble(Map.Entry::getValue).max().orElse(0);
  }

  /** The golden key a label compares against ({@code key} or {@code key (how)}). */
  public static String baseKey(String label) {
    int sp = label.indexOf(' ');
    return sp < 0 ? label : label.substring(0, sp);
  }
}
