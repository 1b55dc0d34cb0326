package io.videor1.report;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * The resolved configuration of {@code videor1 report} (conf/report.conf).
 *
 * @param run the training run's directory
 * @param compare the directories of the runs shown beside it, in order; empty for a one-run report
 * @param out the HTML file
 * @param runLabel the run's name in legends, "" for its directory name
 * @param compareLabels the compared runs' names, one per run, or empty for their directory names
 * @param earlyFraction share of the steps in the "early" and in the "late" reward histogram
 * @param histogramBins bins of the histograms
 * @param chartWidth chart width in pixels
 * @param chartHeight chart height in pixels
 * @param enclosingStages timing stages that contain other stages, so not stacked
 * @param smoothing weight of the exponential moving average drawn over per-step curves, 0 for the raw values
 * @param temporalPrefixes name prefixes of the metrics and ledger columns charted as temporal scores and weights
 */
public record ReportConfig(String run, List<String> compare, String out, String runLabel, List<String> compareLabels,
    double earlyFraction, int histogramBins, int chartWidth, int chartHeight, List<String> enclosingStages,
    double smoothing, List<String> temporalPrefixes) {

  /** Runs one report can hold: one colour each ({@link Charts#RUNS}), beyond which curves are not told apart. */
  public static final int MAX_RUNS = 10;

  public ReportConfig {
    require(!run.isBlank(), "report.run must be a training run directory (--run)");
    require(!out.isBlank(), "report.out must be the HTML file to write (--out)");
    compare = List.copyOf(compare);
    compareLabels = List.copyOf(compareLabels);
    require(compare.size() + 1 <= MAX_RUNS, "report.compare must name at most " + (MAX_RUNS - 1) + " runs (one "
        + "colour per run), got " + compare.size());
    require(compareLabels.isEmpty() || compareLabels.size() == compare.size(), "report.compare_label must give one "
        + "label per compared run (" + compare.size() + "), or be empty for their directory names; got "
        + compareLabels.size() + ": " + compareLabels);
    require(earlyFraction > 0 && earlyFraction <= 0.5, "report.early_fraction must be in (0, 0.5], got " + earlyFraction);
    require(histogramBins >= 2 && histogramBins <= 200, "report.histogram_bins must be 2 to 200, got " + histogramBins);
    require(chartWidth >= 200 && chartWidth <= 4000, "report.chart_width must be 200 to 4000, got " + chartWidth);
    require(chartHeight >= 150 && chartHeight <= 4000, "report.chart_height must be 150 to 4000, got " + chartHeight);
    require(smoothing >= 0 && smoothing < 1, "report.smoothing must be in [0, 1) (0 draws the raw values), got "
        + smoothing);
    enclosingStages = List.copyOf(enclosingStages);
    temporalPrefixes = List.copyOf(temporalPrefixes);
  }

  /** Maps the resolved HOCON (keys under {@code report.}). */
  public static ReportConfig from(Config c) {
    Config k = c.getConfig("report");
    return new ReportConfig(k.getString("run"), list(k, "compare"), k.getString("out"), k.getString("run_label"),
        list(k, "compare_label"), k.getDouble("early_fraction"), k.getInt("histogram_bins"), k.getInt("chart_width"),
        k.getInt("chart_height"), list(k, "enclosing_stages"), k.getDouble("smoothing"), list(k, "temporal_prefixes"));
  }

  /**
   * A list-valued key: a HOCON list, or a string of comma-separated entries (how {@code --set} and the command's
   * options pass it, and the single-run form {@code compare = "DIR"} of older configurations); blanks are dropped.
   */
  private static List<String> list(Config k, String key) {
    List<String> raw = k.getValue(key).valueType() == ConfigValueType.LIST ? k.getStringList(key)
        : List.of(k.getString(key).split(","));
    List<String> out = new ArrayList<>();
    for (String s : raw) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  /** Whether other runs are compared. */
  public boolean comparing() {
    return !compare.isEmpty();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
