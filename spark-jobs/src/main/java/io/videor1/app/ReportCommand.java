package io.videor1.app;

import io.videor1.report.ReportConfig;
import io.videor1.report.ReportJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videor1 report}: a self-contained HTML report of a training run, or of several side by side. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write one self-contained HTML page (charts inlined as PNG; no network needed to view it) of a training run:",
      "reward curves and histograms, temporal win rate, accuracy by problem type, completion lengths, KL, step time",
      "by stage, temporal scores and prompt weights where runs log them, and the resolved configuration. Per-step",
      "curves are smoothed (report.smoothing, TensorBoard's debiased moving average; the raw values faint behind).",
      "--compare puts another run beside it (e.g. GRPO next to T-GRPO); repeat it for more runs.",
      "Defaults: conf/report.conf."
    })
public final class ReportCommand implements Callable<Integer> {
  @Option(names = "--run", description = "Training run directory (the --out of videor1 train).")
  String run;

  @Option(names = "--compare", description = "A run directory to show beside it (repeatable, in legend order).")
  List<String> compare = new ArrayList<>();

  @Option(names = "--out", description = "HTML file to write.")
  String out;

  @Option(names = "--set", description = "Override a configuration key: --set report.histogram_bins=30 (repeatable).")
  List<String> sets = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    System.setProperty("java.awt.headless", "true"); // before any chart touches AWT
    ReportConfig cfg = JobLauncher.overrides().put("report.run", run)
        .put("report.compare", compare.isEmpty() ? null : String.join(",", compare)).put("report.out", out).sets(sets).load("report", ReportConfig::from);
    return JobLauncher.withSpark("videor1 report", spark -> {
      ReportJob.Result r = ReportJob.run(spark, cfg);
      System.out.printf("report: %s (%s, %d charts)%n", r.out(), String.join(" vs ", r.labels()), r.charts());
      return 0;
    });
  }
}
