package io.videor1.score;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** Prints a {@link ScoreSummary} as a short table. */
final class SummaryPrinter {
  private SummaryPrinter() {}

  static void print(ScoreSummary s, Path scores, Path summaryFile, PrintStream out) {
    out.printf(Locale.ROOT, "scored %d rows from %s (%d malformed, scored 0; %d with text repaired)%n", s.rows(),
        s.input(), s.errorCount(), s.repairedCount());
    out.printf(Locale.ROOT, "%-20s %8s %9s %9s %11s%n", "problem_type", "rows", "accuracy", "format", "eval_score");
    s.byType().forEach((type, t) -> row(out, type, t));
    row(out, "overall", s.overall());
    out.printf(Locale.ROOT, "mean_acc %s  mean_mra %s  benchmark %s (%s): %s%n", fmt(s.meanAcc()), fmt(s.meanMra()),
        s.benchmark(), s.aggregation(), fmt(s.benchmarkScore()));
    if (!s.perTask().isEmpty()) {
      s.perTask().forEach((task, v) -> out.printf(Locale.ROOT, "  task %-30s %s%n", task, fmt(v)));
    }
    out.printf(Locale.ROOT, "wrote %s and %s%n", scores, summaryFile);
  }

  private static void row(PrintStream out, String name, ScoreSummary.TypeStats t) {
    out.printf(Locale.ROOT, "%-20s %8d %9s %9s %11s%n", name, t.count(), fmt(t.accuracy()), fmt(t.format()),
        fmt(t.evalScore()));
  }

  private static String fmt(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }
}
