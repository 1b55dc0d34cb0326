package io.videor1.app;

import io.videor1.inspect.CheckpointInspector;
import io.videor1.train.run.ModelSource;
import io.videor1.train.sft.SftConfig;
import io.videor1.train.sft.SftTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videor1 sft}: the SFT cold start on curated frames and chains of thought. */
@Command(
    name = "sft",
    mixinStandardHelpOptions = true,
    description = {
      "Supervised fine-tuning on chains of thought (teacher-forced next-token loss), data-parallel on Spark.",
      "Writes OUT/model (Hugging Face layout), OUT/checkpoints/step-N, OUT/metrics.jsonl and OUT/run.json.",
      "Defaults: conf/sft.conf; design: docs/training.md."
    })
public final class SftCommand implements Callable<Integer> {
  @Option(names = "--frames", description = "Curated frames of the training records (videor1 curate --out).")
  String frames;

  @Option(names = "--cot", description = "Video-R1-CoT file (its process fields are the targets).")
  String cot;

  @Option(names = "--model", description = "Starting checkpoint directory, or random:tiny / random:mid.")
  String model;

  @Option(names = "--out", description = "Run directory.")
  String out;

  @Option(names = "--resume", description = "Continue from the newest whole checkpoint under --out.")
  boolean resume;

  @Option(names = "--preset", description = "A named block of conf/sft.conf (default, tiny).")
  String preset;

  @Option(names = "--set", description = "Override a configuration key: --set sft.steps=50 (repeatable).")
  List<String> sets = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    SftConfig cfg = JobLauncher.overrides().put("sft.frames", frames).put("sft.cot", cot).put("sft.model", model)
        .put("sft.out", out).put("sft.preset", preset).flag("sft.resume", resume).sets(sets)
        .load("sft", SftConfig::from);
    if (!ModelSource.isRandom(cfg.model())) { // a malformed checkpoint is refused before Spark starts
      CheckpointInspector.validate(cfg.model(), SparkSessions.driverHadoopConf());
    }
    return JobLauncher.withSpark("videor1 sft", spark -> {
      SftTrainer.Result r = SftTrainer.train(spark, cfg, System.err);
      System.out.printf(java.util.Locale.ROOT, "sft: step %d, loss %.4f, model %s%n", r.lastStep(), r.lastLoss(),
          r.modelDir());
      return 0;
    });
  }
}
