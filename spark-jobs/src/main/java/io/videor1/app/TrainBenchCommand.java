package io.videor1.app;

import io.videor1.bench.TrainBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videor1 bench train}: T-GRPO step seconds by stage, Spark's overhead, bytes broadcast per step. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Times T-GRPO steps of randomly initialised presets in local Spark, by stage, against the same executor work",
      "in one process without Spark; prints Spark's overhead and the bytes broadcast per step (full weights, LoRA)."
    })
public final class TrainBenchCommand implements Callable<Integer> {
  @Option(names = "--presets", split = ",", defaultValue = "tiny,mid,mid+lora", description = "Model presets, +lora for LoRA r=8, +serial to send gradients as serialized task results as a "
      + "cluster does (default ${DEFAULT-VALUE}).")
  List<String> presets = new ArrayList<>();

  @Option(names = "--steps", defaultValue = "3", description = "Measured steps after the warm-up (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--warmup", defaultValue = "2", description = "Warm-up steps of each run, not counted (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--prompts", defaultValue = "2", description = "Prompts per step B (default ${DEFAULT-VALUE}).")
  int prompts;

  @Option(names = "--generations", defaultValue = "4", description = "Completions per prompt G (default ${DEFAULT-VALUE}).")
  int generations;

  @Option(names = "--max-new-tokens", defaultValue = "32", description = "Token budget (default ${DEFAULT-VALUE}).")
  int maxNewTokens;

  @Option(names = "--cores", defaultValue = "2", description = "Spark slots and in-process threads (default ${DEFAULT-VALUE}).")
  int cores;

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("videor1-bench-train-");
    System.setProperty("spark.master", "local[" + cores + "]");
    try {
      return JobLauncher.withSpark("videor1 bench train", spark -> {
        TrainBenchmark.run(new TrainBenchmark.Options(presets, steps, warmup, prompts, generations, maxNewTokens, cores,
            work), spark, System.out);
        return 0;
      });
    } finally {
      try (var s = Files.walk(work)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
