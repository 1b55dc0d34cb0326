package io.videor1.report;

import io.videor1.report.Charts.Line;
import io.videor1.report.Section.Figure;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/**
 * The section "Temporal scores and prompt weights": whatever the temporal modes log of what they did, found by name
 * prefix ({@code report.temporal_prefixes}, {@code temporal_} by default) so that a new mode's field is charted without
 * a change here. From metrics.jsonl, one chart per key with every run that logs it; from the ledger, one chart of the
 * per-step mean and one of the distribution over the run per column. The published objective's fields are left to
 * the charts that already show them ({@link #PUBLISHED}). A report whose runs log none of these has no chart here.
 */
final class TemporalSignals {
  /**
   * The published T-GRPO's metrics: its bonus is a reward component, its win rate has its own chart, and its
   * indicator mean is that win rate over all groups instead of the video groups.
   */
  static final Set<String> PUBLISHED = Set.of("temporal_bonus", "temporal_win_rate", "temporal_rewards");

  private TemporalSignals() {}

  static Section section(List<RunData> runs, List<LedgerSignals> ledgers, Charts charts, List<String> prefixes)
      throws IOException {
    List<Figure> figs = new ArrayList<>();
    for (String key : metricKeys(runs, prefixes)) {
      List<Line> lines = new ArrayList<>();
      for (int i = 0; i < runs.size(); i++) {
        double[][] s = runs.get(i).series(key);
        if (s[0].length > 0) {
          lines.add(new Line(runs.get(i).label(), s[0], s[1], Charts.RUNS[i]));
        }
      }
      figs.add(new Figure(key + " over steps (metrics): " + names(lines),
          charts.lines(key + " (metrics)", "per step", lines, null)));
    }
    Set<String> columns = new LinkedHashSet<>();
    ledgers.stream().filter(l -> l != null).forEach(l -> columns.addAll(l.meanByStep().keySet()));
    for (String c : columns) {
      List<Line> means = new ArrayList<>();
      List<Histogram> hists = new ArrayList<>();
      List<String> names = new ArrayList<>();
      List<Color> colours = new ArrayList<>();
      for (int i = 0; i < runs.size(); i++) {
        LedgerSignals l = ledgers.get(i);
        SortedMap<Integer, Double> m = l == null ? null : l.meanByStep().get(c);
        if (m == null || m.isEmpty()) {
          continue;
        }
        means.add(new Line(runs.get(i).label(), m.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
            m.values().stream().mapToDouble(Double::doubleValue).toArray(), Charts.RUNS[i]));
        hists.add(l.histograms().get(c));
        names.add(runs.get(i).label());
        colours.add(Charts.RUNS[i]);
      }
      if (means.isEmpty()) {
        continue;
      }
      figs.add(new Figure(c + " mean per step (ledger): " + names(means),
          charts.lines(c + ": mean per step (ledger)", "mean over responses", means, null)));
      figs.add(new Figure(c + " distribution over the run (ledger): " + String.join(", ", names),
          charts.histogram(c + ": distribution (ledger)", c, hists, names, colours.toArray(new Color[0]))));
    }
    String note = "What the temporal modes log of their work: per-response order scores and per-prompt weights, any "
        + "metrics.jsonl key or ledger column named " + String.join(" or ", prefixes.stream().map(p -> p + "…")
            .toList()) + " beyond the published objective's. Ledger columns: over the responses on ordered frames that "
        + "were scored, their mean per step and their distribution over the run.";
    String missing = figs.isEmpty() ? ReportSections.missingHtml(List.of("no run logs a temporal score or prompt "
        + "weight (metrics.jsonl keys or ledger columns named " + String.join(", ", prefixes) + "…; the published "
        + "objective logs none)")) : "";
    return new Section("temporal-signals", "Temporal scores and prompt weights", note, figs, missing);
  }

  /** The matching metric keys of all runs, in the order the runs first log them. */
  static List<String> metricKeys(List<RunData> runs, List<String> prefixes) {
    Set<String> keys = new LinkedHashSet<>();
    for (RunData r : runs) {
      for (String k : r.numericKeys()) {
        if (!PUBLISHED.contains(k) && prefixes.stream().anyMatch(k::startsWith)) {
          keys.add(k);
        }
      }
    }
    return List.copyOf(keys);
  }

  private static String names(List<Line> lines) {
    return String.join(", ", lines.stream().map(Line::name).toList());
  }
}
