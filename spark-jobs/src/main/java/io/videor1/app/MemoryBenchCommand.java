package io.videor1.app;

import io.videor1.bench.MemoryBenchmark;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videor1 bench memory}: each part's memory measured on a real model, and predicted for 3B and 7B. */
@Command(
    name = "memory",
    mixinStandardHelpOptions = true,
    description = {
      "Measures in one process (no Spark) what each part of a T-GRPO run holds on --model: the driver's state (and",
      "float32 model with full weights), the executor's weights, reference and gradients, and the activation peaks of",
      "teacher-forced passes (plain at three shapes, which fix the activation law; a fourth to check it; the configured",
      "micro-batch and recomputation), the reference pass and a rollout, each beside its prediction; then the same",
      "parts for Qwen2.5-VL-3B and 7B at Video-R1's shapes. The run's settings are conf/train.conf's (--set train.k=v:",
      "compute_dtype, lora, lora_r, freeze, beta, num_generations, shuffled_share, max_new_tokens,",
      "logprob_micro_batch, recompute). Linux only (reads /proc/self)."
    })
public final class MemoryBenchCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "A checkpoint directory, or random:PRESET (tiny, mid, "
      + "3b-slice, 7b-slice, ...), written as bf16 shards to a temporary directory first.")
  String model;

  @Option(names = "--prompt-tokens", defaultValue = "256", description = "Prompt tokens of the measured passes "
      + "(default ${DEFAULT-VALUE}; the law's fit doubles it once).")
  int promptTokens;

  @Option(names = "--threads", defaultValue = "1", description = "Engine intra-op threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--json", description = "Print the figures as one JSON object after the table.")
  boolean json;

  @Option(names = "--set", description = "Override a key of conf/train.conf (repeatable), e.g. train.lora=true.")
  List<String> sets = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (promptTokens < 1 || threads < 1) {
      throw new io.videor1.conf.ConfigError("bench memory: --prompt-tokens and --threads must be >= 1");
    }
    PrintStream table = json ? System.err : System.out; // --json: stdout holds the object alone
    Path work = Files.createTempDirectory("videor1-bench-memory-");
    try {
      Map<String, Object> figures = MemoryBenchmark.run(new MemoryBenchmark.Options(model, promptTokens, threads, sets,
          work), table);
      if (json) {
        System.out.println(new com.google.gson.GsonBuilder().serializeNulls().create().toJson(figures));
      }
      return 0;
    } finally {
      try (var s = Files.walk(work)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
