package io.videor1.report;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;

/**
 * The resolved configuration of {@code videor1 report} (conf/report.conf).
 *
 * @param run the training run's directory
 * @param compare a second run's directory, or "" for a one-run report
 * @param out the HTML file
 * @param runLabel the run's name in legends, "" for its directory name
 * @param compareLabel the same for the second run
 * @param earlyFraction share of the steps in the "early" and in the "late" reward histogram
 * @param histogramBins bins of the histograms
 * @param chartWidth chart width in pixels
 * @param chartHeight chart height in pixels
 * @param enclosingStages timing stages that contain other stages, so not stacked
 */
public record ReportConfig(String run, String compare, String out, String runLabel, String compareLabel,
    double earlyFraction, int histogramBins, int chartWidth, int chartHeight, List<String> enclosingStages) {

  public ReportConfig {
    require(!run.isBlank(), "report.run must be a training run directory (--run)");
    require(!out.isBlank(), "report.out must be the HTML file to write (--out)");
    require(earlyFraction > 0 && earlyFraction <= 0.5, "report.early_fraction must be in (0, 0.5], got " + earlyFraction);
    require(histogramBins >= 2 && histogramBins <= 200, "report.histogram_bins must be 2 to 200, got " + histogramBins);
    require(chartWidth >= 200 && chartWidth <= 4000, "report.chart_width must be 200 to 4000, got " + chartWidth);
    require(chartHeight >= 150 && chartHeight <= 4000, "report.chart_height must be 150 to 4000, got " + chartHeight);
    enclosingStages = List.copyOf(enclosingStages);
  }

  /** Maps the resolved HOCON (keys under {@code report.}). */
  public static ReportConfig from(Config c) {
    Config k = c.getConfig("report");
    List<String> stages = new ArrayList<>();
    for (String s : k.getString("enclosing_stages").split(",")) {
      if (!s.isBlank()) {
        stages.add(s.trim());
      }
    }
    return new ReportConfig(k.getString("run"), k.getString("compare"), k.getString("out"), k.getString("run_label"),
        k.getString("compare_label"), k.getDouble("early_fraction"), k.getInt("histogram_bins"),
        k.getInt("chart_width"), k.getInt("chart_height"), stages);
  }

  /** Whether a second run is compared. */
  public boolean comparing() {
    return !compare.isBlank();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
