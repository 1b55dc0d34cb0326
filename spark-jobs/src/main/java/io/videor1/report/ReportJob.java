package io.videor1.report;

import io.videor1.text.Utf8;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code videor1 report}: reads one training run (or several), aggregates their rollout ledgers in Spark, draws the
 * charts on the driver and writes one self-contained HTML file.
 */
public final class ReportJob {
  /**
   * What was written.
   *
   * @param out the HTML file
   * @param charts the number of charts (inlined images) in it
   * @param labels the runs' names in it
   */
  public record Result(String out, int charts, List<String> labels) {}

  /**
   * A section a caller adds after the charts, such as the demo's held-out evaluation table.
   *
   * @param id the anchor
   * @param title the heading
   * @param note a sentence on what it shows
   * @param text preformatted text (shown as is, escaped)
   */
  public record Extra(String id, String title, String note, String text) {}

  private ReportJob() {}

  public static Result run(SparkSession spark, ReportConfig cfg) throws IOException {
    return run(spark, cfg, List.of());
  }

  /** The report with {@code extra} sections after the charts and before the configuration. */
  public static Result run(SparkSession spark, ReportConfig cfg, List<Extra> extra) throws IOException {
    List<RunData> runs = new ArrayList<>();
    runs.add(RunData.open(spark, cfg.run(), cfg.runLabel()));
    for (int i = 0; i < cfg.compare().size(); i++) {
      runs.add(RunData.open(spark, cfg.compare().get(i), cfg.compareLabels().isEmpty() ? ""
          : cfg.compareLabels().get(i)));
    }
    runs = distinctLabels(runs);
    List<Dataset<Row>> ledgers = new ArrayList<>();
    runs.forEach(r -> ledgers.add(r.ledger()));
    spark.sparkContext().setJobDescription("report: ledger aggregates");
    List<LedgerStats> stats;
    try {
      stats = LedgerStats.of(ledgers, cfg.earlyFraction(), cfg.histogramBins());
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
    spark.sparkContext().setJobDescription("report: temporal ledger columns");
    List<LedgerSignals> signals;
    try {
      signals = LedgerSignals.of(ledgers, cfg.temporalPrefixes(), cfg.histogramBins());
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
    List<Section> sections = new ArrayList<>(ReportSections.build(runs, stats, signals,
        new Charts(cfg.chartWidth(), cfg.chartHeight(), cfg.smoothing()), cfg));
    int at = sections.isEmpty() ? 0 : sections.size() - 1; // the configuration stays last
    for (Extra e : extra) {
      sections.add(at++, new Section(e.id(), e.title(), e.note(), List.of(),
          "<pre>" + HtmlReport.esc(e.text()) + "</pre>"));
    }
    List<String> labels = runs.stream().map(RunData::label).toList();
    String smoothing = cfg.smoothing() > 0 ? String.format(java.util.Locale.ROOT, "Curves over steps are smoothed: "
        + "an exponential moving average with weight %s (TensorBoard's debiased form, report.smoothing), the raw "
        + "values faint behind it.", cfg.smoothing()) : "Curves over steps show the raw values (report.smoothing = 0).";
    String html = HtmlReport.render(labels, sections, cfg.chartWidth(), cfg.chartHeight(), smoothing);
    Path out = new Path(cfg.out());
    FileSystem fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (fs instanceof LocalFileSystem local) {
      fs = local.getRaw(); // a page for people: no hidden .crc file beside it
    }
    if (out.getParent() != null) {
      fs.mkdirs(out.getParent());
    }
    try (OutputStream o = fs.create(out, true)) {
      o.write(Utf8.bytes(html));
    }
    int charts = sections.stream().mapToInt(s -> s.figures().size()).sum();
    return new Result(fs.makeQualified(out).toString(), charts, labels);
  }

  /**
   * Runs that share a name (e.g. a/run and b/run) are told apart by their parent directory, and by a number when that
   * is not enough; runs with a name of their own keep it.
   */
  static List<RunData> distinctLabels(List<RunData> runs) {
    Map<String, Integer> uses = new HashMap<>();
    runs.forEach(r -> uses.merge(r.label(), 1, Integer::sum));
    List<RunData> out = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (RunData r : runs) {
      String name = r.label();
      if (uses.get(name) > 1) {
        Path p = new Path(r.dir());
        name = (p.getParent() == null ? "" : p.getParent().getName() + "/") + p.getName();
      }
      String unique = name;
      for (int k = 2; taken.contains(unique) || (!unique.equals(r.label()) && uses.containsKey(unique)); k++) {
        unique = name + " (" + k + ")";
      }
      taken.add(unique);
      out.add(unique.equals(r.label()) ? r : r.withLabel(unique));
    }
    return out;
  }
}
