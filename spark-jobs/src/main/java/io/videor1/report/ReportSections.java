package io.videor1.report;

import static io.videor1.report.HtmlReport.esc;

import io.videor1.report.Charts.Line;
import io.videor1.report.Section.Figure;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The report's sections, in reading order: what the run optimised (rewards), how it got there (temporal win rate,
 * temporal scores and prompt weights, accuracy by type, lengths, KL), what it cost (step time), and what it was
 * (configuration). Charts of one run each are drawn on the same axes when runs are compared; curves of all runs share
 * one chart where overlaying reads better.
 */
final class ReportSections {
  private static final String[] COMPONENTS = {"accuracy", "format", "temporal_bonus", "length_bonus", "reward"};

  private final List<RunData> runs;
  private final List<LedgerStats> stats;
  private final Charts charts;

  private ReportSections(List<RunData> runs, List<LedgerStats> stats, Charts charts) {
    this.runs = runs;
    this.stats = stats;
    this.charts = charts;
  }

  /**
   * All sections; {@code stats} and {@code signals} hold each run's ledger aggregates (null for a run without a
   * ledger).
   */
  static List<Section> build(List<RunData> runs, List<LedgerStats> stats, List<LedgerSignals> signals, Charts charts,
      ReportConfig cfg) throws IOException {
    ReportSections s = new ReportSections(runs, stats, charts);
    return List.of(Summary.of(runs, stats), s.rewards(), s.rewardHistograms(), s.temporal(),
        TemporalSignals.section(runs, signals, charts, cfg.temporalPrefixes()), s.accuracyByType(), s.lengths(),
        s.kl(), StepTimes.section(runs, charts, cfg.enclosingStages()), Summary.configuration(runs));
  }

  private Section rewards() throws IOException {
    double[] range = range(COMPONENTS);
    List<Figure> figs = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (RunData r : runs) {
      List<Line> lines = new ArrayList<>();
      for (int i = 0; i < COMPONENTS.length; i++) {
        double[][] s = r.series(COMPONENTS[i]);
        if (s[0].length > 0) {
          lines.add(new Line(COMPONENTS[i].equals("reward") ? "total reward" : COMPONENTS[i], s[0], s[1],
              Charts.PALETTE[i]));
        }
      }
      if (lines.isEmpty()) {
        missing.add(r.label() + ": no reward values in metrics.jsonl");
      } else {
        figs.add(new Figure(r.label() + ": reward components over steps",
            charts.lines(r.label() + ": reward components", "mean per response", lines, range)));
      }
    }
    if (runs.size() > 1) {
      overlay("reward", "Total reward", "mean total reward", null, figs, missing);
    }
    return new Section("rewards", "Rewards over steps", "Mean of each reward component over the step's scored "
        + "responses on ordered frames (metrics.jsonl); the total is their sum.", figs, missingHtml(missing));
  }

  private Section rewardHistograms() throws IOException {
    List<Figure> figs = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      LedgerStats s = stats.get(i);
      String label = runs.get(i).label();
      if (s == null || s.rewardEarly() == null) {
        missing.add(label + ": no scored responses in a rollout ledger");
        continue;
      }
      String early = "early: " + steps(s.earlySteps());
      String late = "late: " + steps(s.lateSteps()); // distinct series names even when a short run has one step
      figs.add(new Figure(label + ": total reward distribution, " + early + " and " + late,
          charts.histogram(label + ": total reward, early vs late", "total reward",
              List.of(s.rewardEarly(), s.rewardLate()), List.of(early, late),
              new Color[] {new Color(0x7f7f7f), new Color(0xff7f0e)})));
    }
    return new Section("reward-histograms", "Reward distribution, early and late steps", "Share of responses per "
        + "total-reward bin (ledger, ordered frames), in the first and last steps of the run.", figs,
        missingHtml(missing));
  }

  private Section temporal() throws IOException {
    List<Figure> figs = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    overlay("temporal_win_rate", "Temporal win rate", "share of video groups", new double[] {0, 1.05}, figs,
        missing);
    return new Section("temporal", "Temporal win rate over steps", "Share of video groups whose ordered-frame "
        + "responses beat the shuffled-frame ones (T-GRPO's comparison; GRPO runs do not measure it).", figs,
        missingHtml(missing));
  }

  private Section accuracyByType() throws IOException {
    Set<String> types = new TreeSet<>();
    stats.stream().filter(s -> s != null).forEach(s -> types.addAll(s.accuracyByType().keySet()));
    Map<String, double[]> series = new LinkedHashMap<>();
    List<Color> colours = new ArrayList<>();
    StringBuilder table = new StringBuilder("<table class=num><tr><th>problem type</th>");
    for (int i = 0; i < runs.size(); i++) {
      table.append("<th>").append(esc(runs.get(i).label())).append(" accuracy (responses)</th>");
      LedgerStats s = stats.get(i);
      if (s != null && !s.accuracyByType().isEmpty()) {
        series.put(runs.get(i).label(), types.stream().mapToDouble(t -> s.accuracyByType().containsKey(t)
            ? s.accuracyByType().get(t)[0] : 0).toArray());
        colours.add(Charts.RUNS[i]);
      }
    }
    table.append("</tr>");
    for (String t : types) {
      table.append("<tr><td>").append(esc(t)).append("</td>");
      for (LedgerStats s : stats) {
        double[] a = s == null ? null : s.accuracyByType().get(t);
        table.append("<td>").append(a == null ? "–" : String.format(Locale.ROOT, "%.3f (%d)", a[0], (long) a[1]))
            .append("</td>");
      }
      table.append("</tr>");
    }
    table.append("</table>");
    List<Figure> figs = new ArrayList<>();
    if (!series.isEmpty()) {
      figs.add(new Figure("mean accuracy reward by problem type", charts.bars("Accuracy by problem type",
          "mean accuracy reward", List.copyOf(types), series, colours.toArray(new Color[0]), false, 1.05)));
    }
    return new Section("accuracy-by-type", "Accuracy by problem type", "Mean accuracy reward of the scored "
        + "responses on ordered frames over the whole run (ledger).", figs,
        series.isEmpty() ? missingHtml(List.of("no scored responses in a rollout ledger")) : table.toString());
  }

  private Section lengths() throws IOException {
    List<Figure> figs = new ArrayList<>();
    List<Histogram> hists = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Color> colours = new ArrayList<>();
    List<Line> means = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      LedgerStats s = stats.get(i);
      if (s != null && s.lengths() != null) {
        hists.add(s.lengths());
        names.add(runs.get(i).label());
        colours.add(Charts.RUNS[i]);
        double[] x = s.meanLength().keySet().stream().mapToDouble(Integer::doubleValue).toArray();
        double[] y = s.meanLength().values().stream().mapToDouble(Double::doubleValue).toArray();
        means.add(new Line(runs.get(i).label(), x, y, Charts.RUNS[i]));
      } else {
        double[][] m = runs.get(i).series("completion_length");
        if (m[0].length > 0) {
          means.add(new Line(runs.get(i).label(), m[0], m[1], Charts.RUNS[i]));
        }
      }
    }
    if (!hists.isEmpty()) {
      figs.add(new Figure("completion length distribution", charts.histogram("Completion length distribution",
          "completion tokens", hists, names, colours.toArray(new Color[0]))));
    }
    if (!means.isEmpty()) {
      figs.add(new Figure("mean completion length over steps",
          charts.lines("Mean completion length", "tokens", means, null)));
    }
    return new Section("lengths", "Completion lengths", "Completion tokens of the responses on ordered frames: their "
        + "distribution over the run and their mean per step.", figs,
        figs.isEmpty() ? missingHtml(List.of("no completion lengths")) : "");
  }

  private Section kl() throws IOException {
    List<Figure> figs = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    overlay("kl", "KL to the reference model", "mean per-token KL", null, figs, missing);
    return new Section("kl", "KL divergence over steps", "Mean per-token KL estimate between the policy and the "
        + "reference model, as the loss computes it.", figs, missingHtml(missing));
  }

  /** One chart with the metric {@code field} of every run that has it; the others are named in {@code missing}. */
  private void overlay(String field, String title, String yTitle, double[] yRange, List<Figure> figs,
      List<String> missing) throws IOException {
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      double[][] s = runs.get(i).series(field);
      if (s[0].length > 0) {
        lines.add(new Line(runs.get(i).label(), s[0], s[1], Charts.RUNS[i]));
      } else {
        missing.add(runs.get(i).label() + ": no " + field + " values in metrics.jsonl");
      }
    }
    if (!lines.isEmpty()) {
      figs.add(new Figure(title + " over steps: " + String.join(", ", lines.stream().map(Line::name).toList()),
          charts.lines(title, yTitle, lines, yRange)));
    }
  }

  /** A y range that holds every run's values of {@code fields} (and 0), so side-by-side charts share axes. */
  private double[] range(String... fields) {
    double lo = 0;
    double hi = Double.NEGATIVE_INFINITY;
    for (RunData r : runs) {
      for (String f : fields) {
        for (double v : r.series(f)[1]) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (hi == Double.NEGATIVE_INFINITY) {
      return null;
    }
    hi = hi > lo ? hi : lo + 1;
    double pad = 0.05 * (hi - lo);
    return new double[] {lo < 0 ? lo - pad : 0, hi + pad};
  }

  private static String steps(int[] range) {
    return range[0] == range[1] ? "step " + range[0] : "steps " + range[0] + "–" + range[1];
  }

  static String missingHtml(List<String> missing) {
    StringBuilder b = new StringBuilder();
    new LinkedHashSet<>(missing).forEach(m -> b.append("<p class=missing>").append(esc(m)).append("</p>"));
    return b.toString();
  }
}
