package io.videor1.app;

import io.videor1.inspect.CheckpointInspector;
import io.videor1.train.grpo.TGrpoConfig;
import io.videor1.train.grpo.TGrpoTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videor1 train}: T-GRPO (or GRPO) from an SFT checkpoint on curated frames. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "T-GRPO reinforcement learning on Spark: rollouts, rewards and gradients on executors, AdamW on the driver.",
      "Writes OUT/ledger (Parquet by step), OUT/metrics.jsonl, OUT/checkpoints/step-N, OUT/model and OUT/run.json.",
      "--set train.temporal=false runs GRPO. Defaults: conf/train.conf; design: docs/training.md."
    })
public final class TrainCommand implements Callable<Integer> {
  @Option(names = "--frames", description = "Curated frames of the RL prompts (videor1 curate --out).")
  String frames;

  @Option(names = "--model", description = "Starting checkpoint: the SFT model (also the frozen reference).")
  String model;

  @Option(names = "--out", description = "Run directory.")
  String out;

  @Option(names = "--resume", description = "Continue from the newest whole checkpoint under --out.")
  boolean resume;

  @Option(names = "--preset", description = "A named block of conf/train.conf (default, tiny).")
  String preset;

  @Option(names = "--set", description = "Override a configuration key: --set train.beta=0 (repeatable).")
  List<String> sets = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    TGrpoConfig cfg = JobLauncher.overrides().put("train.frames", frames).put("train.model", model)
        .put("train.out", out).put("train.preset", preset).flag("train.resume", resume).sets(sets)
        .load("train", TGrpoConfig::from);
    // a malformed checkpoint is refused here, in one line, before Spark starts
    CheckpointInspector.validate(cfg.spec().initDir(), SparkSessions.driverHadoopConf());
    return JobLauncher.withSpark("videor1 train", spark -> {
      TGrpoTrainer.Result r = TGrpoTrainer.train(spark, cfg, System.err);
      System.out.println("train: step " + r.lastStep() + ", model " + r.modelDir());
      return 0;
    });
  }
}
