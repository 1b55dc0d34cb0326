package io.videor1.app;

import io.videor1.bench.TemporalBench;
import io.videor1.bench.TemporalBenchConfig;
import io.videor1.conf.ConfigError;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videor1 bench temporal}: the powered comparison of the temporal modes with GRPO over paired seeds. */
@Command(
    name = "temporal",
    mixinStandardHelpOptions = true,
    description = {
      "GRPO and the temporal modes from one SFT checkpoint on the planted-shortcut split, on seeds 1..N with common",
      "random numbers (the same checkpoint, prompt order, rollout streams and shuffles in every arm of a seed), each",
      "run evaluated on the cue-flipped test split at 60%%, 80%% and 100%% of its steps. Prints per seed and pooled the",
      "accuracy on the order-dependent questions (mean of the three), the order gap and the cue-following rate, and",
      "each new mode against grpo and prompt_weight: mean paired difference, one-sided sign-flip p, 95%% bootstrap",
      "(seeds, then questions), sd, correlation and the seeds needed for 0.03. Resumes: finished runs are kept under",
      "--out. Without --model, builds the SFT checkpoint under --out with the demo's stages (conf/demo.conf).",
      "Defaults: conf/bench_temporal.conf; pre-registration: docs/training.md."
    })
public final class TemporalBenchCommand implements Callable<Integer> {
  @Option(names = "--seeds", required = true, description = "Paired seeds 1..N.")
  int seeds;

  @Option(names = "--out", required = true, description = "Output directory (runs, bench.json, summary.json).")
  String out;

  @Option(names = "--archive", description = "A directory of finished runs' results to adopt and extend, portable "
      + "across machines of one CPU type (default: bench_temporal.archive).")
  String archive;

  @Option(names = "--modes", description = "Comma-separated modes: grpo and train.temporal_mode values "
      + "(default: bench_temporal.modes).")
  String modes;

  @Option(names = "--model", description = "The SFT checkpoint every run starts from (with --frames and "
      + "--test-frames; default: built under --out).")
  String model;

  @Option(names = "--frames", description = "Its curated training frames.")
  String frames;

  @Option(names = "--test-frames", description = "The curated test frames (the cue-flipped split).")
  String testFrames;

  @Option(names = "--set", description = "Override a key: --set bench_temporal.steps=40, or a key of conf/demo.conf "
      + "for the preparation: --set demo.sft_steps=300 (repeatable).")
  List<String> sets = new ArrayList<>();

  @Option(names = "--json", description = "Print the summary as one JSON object on stdout (table and progress on "
      + "stderr).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (seeds < 1) {
      throw new ConfigError("--seeds must be >= 1 (got " + seeds + ")");
    }
    List<String> own = new ArrayList<>();
    List<String> demo = new ArrayList<>();
    for (String kv : sets) {
      (kv.startsWith("demo.") ? demo : own).add(kv);
    }
    TemporalBenchConfig cfg = JobLauncher.overrides().put("bench_temporal.out", out)
        .put("bench_temporal.archive", archive)
        .put("bench_temporal.modes", modes).put("bench_temporal.model", model).put("bench_temporal.frames", frames)
        .put("bench_temporal.test_frames", testFrames).sets(own).load("bench_temporal", TemporalBenchConfig::from);
    if (cfg.prepares()) {
      TemporalBench.demoConfig(cfg, java.nio.file.Path.of(out), demo); // a bad demo key fails before Spark starts
    }
    PrintStream table = json ? System.err : System.out;
    return JobLauncher.withSpark("videor1 bench temporal", spark -> {
      TemporalBench.Outcome o = TemporalBench.run(spark, cfg, seeds, demo, table, System.err);
      if (json) {
        System.out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(o.summary()));
      }
      return 0;
    });
  }
}
