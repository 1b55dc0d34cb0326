package io.videor1.app;

import io.videor1.inspect.CheckpointInspector;
import io.videor1.eval.EvalConfig;
import io.videor1.eval.EvalJob;
import io.videor1.eval.EvalSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videor1 eval}: a model on a Video-R1 benchmark file, scored as the reference does. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a model on a benchmark file (Video-R1's eval format): curate its media (eval preset), answer on Spark",
      "executors with the reference's decoding, score, and write answers/ (Parquet), summary.json and summary.md.",
      "Re-runs answer only what is missing. Defaults: conf/eval.conf."
    })
public final class EvalCommand implements Callable<Integer> {
  @Option(names = "--bench", description = "Benchmark file.")
  String bench;

  @Option(names = "--media-root", description = "Directory the benchmark's media paths are relative to.")
  String mediaRoot;

  @Option(names = "--model", description = "Model directory (Hugging Face layout).")
  String model;

  @Option(names = "--out", description = "Output directory.")
  String out;

  @Option(names = "--frames", description = "16, 32 or 64 frames per video.")
  Integer frames;

  @Option(names = "--set", description = "Override a configuration key: --set eval.greedy=true (repeatable).")
  List<String> sets = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    EvalConfig cfg = JobLauncher.overrides().put("eval.bench", bench).put("eval.media_root", mediaRoot)
        .put("eval.model", model).put("eval.out", out).put("eval.frames", frames).sets(sets)
        .load("eval", EvalConfig::from);
    // a malformed checkpoint is refused here, in one line, before Spark starts
    CheckpointInspector.validate(cfg.model(), SparkSessions.driverHadoopConf());
    return JobLauncher.withSpark("videor1 eval", spark -> {
      EvalJob.Result r = EvalJob.run(spark, cfg, System.err);
      System.out.printf("eval %s: answered %d now, %d before; %d skipped for missing or unusable media%n",
          r.benchmark(), r.answeredNow(), r.answeredBefore(), r.summary().skipped());
      System.out.print(EvalSummary.toMarkdown(List.of(r.summary())));
      return 0;
    });
  }
}
