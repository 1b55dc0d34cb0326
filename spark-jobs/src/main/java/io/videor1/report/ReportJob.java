package io.videor1.report;

import io.videor1.text.Utf8;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code videor1 report}: reads one training run (or two), aggregates their rollout ledgers in Spark, draws the charts
 * on the driver and writes one self-contained HTML file.
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
    if (cfg.comparing()) {
      runs.add(RunData.open(spark, cfg.compare(), cfg.compareLabel()));
      runs = distinctLabels(runs);
    }
    List<Dataset<Row>> ledgers = new ArrayList<>();
    runs.forEach(r -> ledgers.add(r.ledger()));
    spark.sparkContext().setJobDescription("report: ledger aggregates");
    List<LedgerStats> stats;
    try {
      stats = LedgerStats.of(ledgers, cfg.earlyFraction(), cfg.histogramBins());
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
    List<Section> sections = new ArrayList<>(ReportSections.build(runs, stats,
        new Charts(cfg.chartWidth(), cfg.chartHeight()), cfg.enclosingStages()));
    int at = sections.isEmpty() ? 0 : sections.size() - 1; // the configuration stays last
    for (Extra e : extra) {
      sections.add(at++, new Section(e.id(), e.title(), e.note(), List.of(),
          "<pre>" + HtmlReport.esc(e.text()) + "</pre>"));
    }
    List<String> labels = runs.stream().map(RunData::label).toList();
    String html = HtmlReport.render(labels, sections, cfg.chartWidth(), cfg.chartHeight());
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

  /** Two runs both named "run" (e.g. a/run and b/run) are told apart by their parent directory. */
  private static List<RunData> distinctLabels(List<RunData> runs) {
    if (!runs.get(0).label().equals(runs.get(1).label())) {
      return runs;
    }
    List<RunData> out = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      Path p = new Path(runs.get(i).dir());
      String parent = p.getParent() == null ? "" : p.getParent().getName() + "/";
      String name = parent + p.getName();
      out.add(runs.get(i).withLabel(out.stream().anyMatch(r -> r.label().equals(name)) ? name + " (2)" : name));
    }
    return out;
  }
}
