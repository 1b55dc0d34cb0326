package io.videor1.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.exec.FrameProbe;
import io.videor1.text.Utf8;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the demo's outputs: {@code summary.json}, {@code answers.jsonl} (every held-out answer, for inspection) and
 * the printed table. The charts are {@code videor1 report}'s ({@link DemoJob} writes {@link DemoSummary#REPORT}).
 */
final class DemoReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoReport() {}

  static void write(Path root, DemoSummary s, Map<String, List<HeldOutEval.Item>> results) throws Exception {
    Utf8.write(root.resolve("summary.json"), s.toJson());
    StringBuilder answers = new StringBuilder();
    results.forEach((model, items) -> items.forEach(i -> {
      Map<String, Object> line = new LinkedHashMap<>(); // Map.of's order changes from JVM to JVM
      line.put("model", model);
      line.put("item", i);
      try {
        answers.append(JSON.writeValueAsString(line)).append('\n');
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }));
    Utf8.write(root.resolve("answers.jsonl"), answers.toString());
  }

  static void printTable(DemoSummary s, PrintStream out) {
    out.print(table(s));
  }

  static String table(DemoSummary s) {
    StringBuilder b = new StringBuilder();
    SftGate.Result g = s.sft();
    if (g.target() > 0 && !g.checks().isEmpty()) {
      b.append(String.format(Locale.ROOT, "SFT cold start: %d steps, validation accuracy %.3f on %d held-out training "
          + "records (target %.2f, %s)%n", g.stoppedAt(), g.checks().get(g.checks().size() - 1).accuracy(),
          g.validation(), g.target(), g.reached() ? "reached" : "not reached: ran every step allowed"));
    }
    b.append(String.format(Locale.ROOT, "%-38s %8s %8s %8s%n", "held-out accuracy", "SFT", "T-GRPO", "GRPO"));
    s.bySource().forEach((t, m) -> b.append(row("  " + t, m)));
    b.append(row("all " + s.counts().get("questions") + " questions, true frames", s.accuracy().get(FrameProbe.ORDERED)));
    b.append(row("  same, shuffled frames", s.accuracy().get(FrameProbe.SHUFFLED)));
    b.append(row("  same, blank frames", s.accuracy().get(FrameProbe.BLANK)));
    b.append(row("order-dependent (" + s.counts().get("temporal_questions") + "), true order",
        s.temporal().get(FrameProbe.ORDERED)));
    b.append(row("  same, shuffled frames", s.temporal().get(FrameProbe.SHUFFLED)));
    b.append(row("  same, blank frames", s.temporal().get(FrameProbe.BLANK)));
    b.append(String.format(Locale.ROOT, "text-only baseline (best training answer per question text): %.3f%n",
        s.textOnly().accuracy()));
    s.differences().forEach((k, d) -> b.append(String.format(Locale.ROOT, "%-38s %+.3f  [%+.3f, %+.3f]  n=%d%n",
        k, d.mean(), d.lo(), d.hi(), d.n())));
    s.pairedVsSft().forEach((m, v) -> b.append(String.format(Locale.ROOT, "%s vs SFT, question by question: %d better,"
        + " %d worse%n", m.equals("tgrpo") ? "T-GRPO" : "GRPO", v[0], v[1])));
    return b.toString();
  }

  private static String row(String label, Map<String, Double> m) {
    return String.format(Locale.ROOT, "%-38s %8.3f %8.3f %8.3f%n", label, m.getOrDefault("sft", Double.NaN),
        m.getOrDefault("tgrpo", Double.NaN), m.getOrDefault("grpo", Double.NaN));
  }
}
