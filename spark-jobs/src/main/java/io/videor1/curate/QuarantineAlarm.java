package io.videor1.curate;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The operator's alarm on a day of bad media: the quarantined share of a run's new records against
 * {@code curate.max_quarantine_rate}, and the most common reasons, so the line an operator reads says what went wrong.
 */
public final class QuarantineAlarm {
  private QuarantineAlarm() {}

  /** Quarantined records over new records (written + quarantined); 0 when the run had nothing new. */
  public static double rate(long written, long quarantined) {
    long fresh = written + quarantined;
    return fresh == 0 ? 0 : (double) quarantined / fresh;
  }

  /**
   * The most common reasons, most frequent first, at most {@code n}. A reason is its stage and the reason's text up to
   * the first detail (a colon or a quote), so "media file not found: a.mp4" and ": b.mp4" count as one.
   */
  public static Map<String, Long> topReasons(List<QuarantineEntry> quarantine, int n) {
    Map<String, Long> counts = new TreeMap<>();
    for (QuarantineEntry q : quarantine) {
      counts.merge(q.stage() + ": " + general(q.reason()), 1L, Long::sum);
    }
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
        .limit(n)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
  }

  /** The alarm line, or null when the rate is not above the limit. */
  public static String check(long written, long quarantined, Map<String, Long> topReasons, double maxRate) {
    double rate = rate(written, quarantined);
    if (rate <= maxRate) {
      return null;
    }
    String reasons = topReasons.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
        .collect(Collectors.joining("; "));
    return String.format("alarm: quarantine rate %.3f (%d of %d new records) is above curate.max_quarantine_rate=%s;"
        + " top reasons: %s", rate, quarantined, written + quarantined, maxRate, reasons);
  }

  private static String general(String reason) {
    if (reason == null) {
      return "";
    }
    int cut = reason.length();
    for (char c : new char[] {':', '\''}) {
      int i = reason.indexOf(c);
      if (i > 0) {
        cut = Math.min(cut, i);
      }
    }
    return reason.substring(0, cut).strip();
  }
}
