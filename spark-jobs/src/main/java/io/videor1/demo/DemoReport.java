package io.videor1.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.train.TGrpoTrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the demo's outputs: {@code summary.json}, {@code answers.jsonl} (every held-out answer, for inspection),
 * {@code rewards.html} (training reward curves as inline SVG, no dependencies) and the printed table.
 */
final class DemoReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

  private DemoReport() {}

  static void write(Path root, DemoSummary s, Map<String, TGrpoTrainer.Result> runs,
      Map<String, List<HeldOutEval.Item>> results) throws Exception {
    Files.writeString(root.resolve("summary.json"), s.toJson(), StandardCharsets.UTF_8);
    StringBuilder answers = new StringBuilder();
    results.forEach((model, items) -> items.forEach(i -> {
      try {
        answers.append(JSON.writeValueAsString(Map.of("model", model, "item", i))).append('\n');
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }));
    Files.writeString(root.resolve("answers.jsonl"), answers.toString(), StandardCharsets.UTF_8);
    StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>videor1 demo</title>"
        + "<body style='font-family:sans-serif'><h1>videor1 demo: training curves</h1>");
    for (String metric : List.of("reward", "accuracy", "format", "shuffled_accuracy", "temporal_win_rate", "kl")) {
      html.append("<h3>").append(metric).append(" per step</h3>").append(chart(runs, metric));
    }
    html.append("<h3>held-out accuracy</h3><pre>").append(table(s)).append("</pre></body>\n");
    Files.writeString(root.resolve(DemoSummary.REPORT), html.toString(), StandardCharsets.UTF_8);
  }

  static String chart(Map<String, TGrpoTrainer.Result> runs, String metric) {
    int w = 640;
    int h = 220;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    int steps = 1;
    for (TGrpoTrainer.Result r : runs.values()) {
      for (Map<String, Object> l : r.metrics()) {
        if (l.get(metric) instanceof Number x) {
          lo = Math.min(lo, x.doubleValue());
          hi = Math.max(hi, x.doubleValue());
        }
      }
      steps = Math.max(steps, r.metrics().size());
    }
    if (!(hi >= lo)) {
      return "<p>(no values)</p>";
    }
    if (hi == lo) {
      hi = lo + 1;
    }
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<svg width=%d height=%d style='border:1px solid #ccc'><text x=4 y=14 font-size=11>%.3f</text>"
            + "<text x=4 y=%d font-size=11>%.3f</text>", w + 120, h + 20, hi, h, lo));
    int c = 0;
    for (Map.Entry<String, TGrpoTrainer.Result> e : runs.entrySet()) {
      List<String> pts = new ArrayList<>();
      List<Map<String, Object>> m = e.getValue().metrics();
      for (int i = 0; i < m.size(); i++) {
        if (m.get(i).get(metric) instanceof Number x) {
          pts.add(String.format(Locale.ROOT, "%.1f,%.1f", 50 + (w - 60) * i / (double) Math.max(1, steps - 1),
              10 + (h - 20) * (1 - (x.doubleValue() - lo) / (hi - lo))));
        }
      }
      String col = COLOURS[c++ % COLOURS.length];
      svg.append("<polyline fill=none stroke='").append(col).append("' points='").append(String.join(" ", pts))
          .append("'/><text x=").append(w).append(" y=").append(20 + 16 * c).append(" fill='").append(col)
          .append("' font-size=12>").append(e.getKey()).append("</text>");
    }
    return svg.append("</svg>").toString();
  }

  static void printTable(DemoSummary s, PrintStream out) {
    out.print(table(s));
  }

  static String table(DemoSummary s) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%-34s %8s %8s %8s%n", "held-out accuracy", "SFT", "T-GRPO", "GRPO"));
    s.byType().forEach((t, m) -> b.append(row("  " + t, m)));
    b.append(row("all " + s.counts().get("questions") + " questions", s.accuracy()));
    b.append(row("  same, shuffled frames", s.accuracyShuffled()));
    b.append(row("order-dependent (" + s.counts().get("temporal_questions") + "), true order", s.temporal()));
    b.append(row("order-dependent, shuffled frames", s.temporalShuffled()));
    s.pairedVsSft().forEach((m, v) -> b.append(String.format(Locale.ROOT, "%s vs SFT, question by question: %d better,"
        + " %d worse%n", m.equals("tgrpo") ? "T-GRPO" : "GRPO", v[0], v[1])));
    return b.toString();
  }

  private static String row(String label, Map<String, Double> m) {
    return String.format(Locale.ROOT, "%-34s %8.3f %8.3f %8.3f%n", label, m.getOrDefault("sft", Double.NaN),
        m.getOrDefault("tgrpo", Double.NaN), m.getOrDefault("grpo", Double.NaN));
  }
}
