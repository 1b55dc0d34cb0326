package io.videor1.app;

import io.videor1.bench.TemporalStepBenchmark;
import io.videor1.conf.ConfigError;
import io.videor1.train.grpo.TGrpoConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videor1 bench temporal-step}: one update per temporal mode from one checkpoint and the same rollouts. */
@Command(
    name = "temporal-step",
    mixinStandardHelpOptions = true,
    description = {
      "From one checkpoint and the same rollouts (sampled once per batch, seeded), one update per temporal mode",
      "(the trainer's gradient and the driver's AdamW step from the starting weights, after --warmup GRPO steps):",
      "the cosine of each mode's per-response advantages and of its gradient with GRPO's, and the change of the",
      "gold answers' ordered-minus-shuffled log-likelihood on held-out order-dependent questions, raw and paired",
      "against GRPO's, as means over batches with 95%% t intervals. The train configuration (conf/train.conf) with",
      "--set applies."
    })
public final class TemporalStepBenchCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "The checkpoint every mode starts from.")
  String model;

  @Option(names = "--frames", required = true, description = "The curated training frames the batches draw from.")
  String frames;

  @Option(names = "--test-frames", description = "Held-out curated frames (default: the order-dependent training "
      + "questions that no batch draws).")
  String testFrames;

  @Option(names = "--batches", defaultValue = "8", description = "Batches (train steps' prompts) (default ${DEFAULT-VALUE}).")
  int batches;

  @Option(names = "--questions", defaultValue = "32", description = "Held-out questions at most (default ${DEFAULT-VALUE}).")
  int questions;

  @Option(names = "--warmup", defaultValue = "0", description = "GRPO steps taken first, so that every measured "
      + "update starts from their weights and AdamW moments (default ${DEFAULT-VALUE}: the checkpoint, fresh moments).")
  int warmup;

  @Option(names = "--modes", split = ",", description = "Modes besides grpo, always measured as the baseline "
      + "(default: reference,prompt_weight,likelihood_ratio,key_tokens,contrast_kl,shuffled_negative,"
      + "answer_contrast).")
  List<String> modes = new ArrayList<>(TemporalStepBenchmark.MODES);

  @Option(names = "--preset", description = "A named block of conf/train.conf (default, tiny).")
  String preset;

  @Option(names = "--set", description = "Override a train key: --set train.lr=1e-3 (repeatable).")
  List<String> sets = new ArrayList<>();

  @Option(names = "--json", description = "Print the figures as one JSON object on stdout (progress on stderr).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (batches < 1 || questions < 1 || warmup < 0) {
      throw new ConfigError("bench temporal-step: --batches and --questions must be >= 1, --warmup >= 0");
    }
    Path out = Files.createTempDirectory("videor1-bench-temporal-step-");
    TGrpoConfig cfg = JobLauncher.overrides().put("train.frames", frames).put("train.model", model)
        .put("train.out", out.toString()).put("train.preset", preset).sets(sets).load("train", TGrpoConfig::from);
    PrintStream log = json ? System.err : System.out;
    try {
      return JobLauncher.withSpark("videor1 bench temporal-step", spark -> {
        Map<String, Object> f = TemporalStepBenchmark.run(spark,
            new TemporalStepBenchmark.Options(cfg, testFrames, batches, modes, questions, warmup), log);
        String text = TemporalStepBenchmark.json(f);
        System.out.println(json ? text : "bench temporal-step: " + text);
        return 0;
      });
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
