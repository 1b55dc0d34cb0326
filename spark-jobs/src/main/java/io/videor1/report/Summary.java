package io.videor1.report;

import static io.videor1.report.HtmlReport.esc;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The report's two table-only sections: the runs at a glance (first) and their resolved configuration (last). */
final class Summary {
  private Summary() {}

  /** Steps, responses, reward at the start and the end, and time per step of each run. */
  static Section of(List<RunData> runs, List<LedgerStats> stats) {
    StringBuilder t = new StringBuilder("<table class=num><tr><th></th>");
    runs.forEach(r -> t.append("<th>").append(esc(r.label())).append("</th>"));
    t.append("</tr>");
    row(t, "directory", runs.stream().map(RunData::dir).toList());
    row(t, "temporal objective (config.rl.temporal)",
        runs.stream().map(r -> r.config().getOrDefault("config.rl.temporal", "–")).toList());
    row(t, "steps", runs.stream().map(r -> {
      List<Integer> s = r.steps();
      return s.size() + " (" + s.get(0) + "–" + s.get(s.size() - 1) + ")";
    }).toList());
    row(t, "ledger responses: ordered / shuffled / failed", stats.stream().map(s -> s == null ? "no ledger"
        : (s.responses() - s.shuffled()) + " / " + s.shuffled() + " / " + s.failed()).toList());
    row(t, "mean total reward, first tenth of steps", runs.stream().map(r -> tenth(r, false)).toList());
    row(t, "mean total reward, last tenth of steps", runs.stream().map(r -> tenth(r, true)).toList());
    row(t, "mean seconds per step", runs.stream().map(r -> {
      double[] total = r.stageSeconds().stream().mapToDouble(s -> s.getOrDefault("total", Double.NaN))
          .filter(Double::isFinite).toArray();
      return total.length == 0 ? "–" : fmt(java.util.Arrays.stream(total).average().orElse(Double.NaN));
    }).toList());
    t.append("</table>");
    return new Section("summary", "Runs", "Where each run's numbers come from: RUN/metrics.jsonl (one line per step), "
        + "RUN/ledger (one row per response) and RUN/run.json.", List.of(), t.toString());
  }

  /** run.json flattened, one row per key; with two runs, the keys whose values differ are marked. */
  static Section configuration(List<RunData> runs) {
    Set<String> keys = new LinkedHashSet<>();
    runs.forEach(r -> keys.addAll(r.config().keySet()));
    StringBuilder t = new StringBuilder("<table class=config><tr><th>key</th>");
    runs.forEach(r -> t.append("<th>").append(esc(r.label())).append("</th>"));
    t.append("</tr>");
    for (String k : keys) {
      List<String> values = runs.stream().map(r -> r.config().getOrDefault(k, "–")).toList();
      boolean differs = runs.size() > 1 && new LinkedHashSet<>(values).size() > 1;
      t.append(differs ? "<tr class=diff>" : "<tr>").append("<td>").append(esc(k)).append("</td>");
      values.forEach(v -> t.append("<td>").append(esc(v)).append("</td>"));
      t.append("</tr>");
    }
    t.append("</table>");
    String note = "The resolved configuration each run recorded in RUN/run.json."
        + (runs.size() > 1 ? " Highlighted rows differ between the runs." : "");
    return new Section("config", "Configuration", note, List.of(), keys.isEmpty()
        ? ReportSections.missingHtml(runs.stream().map(r -> r.label() + ": no run.json").toList()) : t.toString());
  }

  private static void row(StringBuilder t, String name, List<String> values) {
    t.append("<tr><td>").append(esc(name)).append("</td>");
    values.forEach(v -> t.append("<td>").append(esc(v)).append("</td>"));
    t.append("</tr>");
  }

  private static String tenth(RunData r, boolean last) {
    double[] v = r.series("reward")[1];
    if (v.length == 0) {
      return "–";
    }
    int n = Math.max(1, v.length / 10);
    double sum = 0;
    for (int i = last ? v.length - n : 0; i < (last ? v.length : n); i++) {
      sum += v[i];
    }
    return fmt(sum / n);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
