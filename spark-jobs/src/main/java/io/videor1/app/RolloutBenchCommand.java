package io.videor1.app;

import io.videor1.bench.RolloutBenchmark;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code videor1 bench rollout}: the sampler, a T-GRPO step's rollout (old path, new, batched) and its log-prob pass
 * at Qwen's vocabulary.
 */
@Command(
    name = "rollout",
    mixinStandardHelpOptions = true,
    description = {
      "Times the token sampler (old: a sort of the row; new: selection) at --vocab, and one T-GRPO step's rollout",
      "(--prompts prompts x (G + G/2 shuffled) x --tokens tokens, EOS suppressed) of a random --preset model widened",
      "to --vocab with either sampler and greedily, each group alone, and all groups in one batch, interleaved in one",
      "process; the decode steps' share of the fp32 matmul peak; the teacher-forced log-prob pass (lengths 50-768)",
      "padded and in length buckets; medians of --repeats and ratios. Sampling settings are conf/train.conf's",
      "(--set train.k=v). No Spark."
    })
public final class RolloutBenchCommand implements Callable<Integer> {
  @Option(names = "--preset", defaultValue = "mid", description = "Model preset, tiny or mid (default ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--vocab", defaultValue = "152064", description = "Vocabulary (default ${DEFAULT-VALUE}, Qwen2.5-VL-7B's).")
  int vocab;

  @Option(names = "--prompts", defaultValue = "2", description = "Prompts B (default ${DEFAULT-VALUE}).")
  int prompts;

  @Option(names = "--tokens", defaultValue = "64", description = "New tokens per completion (default ${DEFAULT-VALUE}; the issue's "
      + "256 takes about 20 minutes on 2 cores, the old path being most of it).")
  int tokens;

  @Option(names = "--repeats", defaultValue = "3", description = "Measured rollouts of each path (default ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--threads", defaultValue = "1", description = "Engine intra-op threads (default ${DEFAULT-VALUE}: on a "
      + "machine shared with other jobs two OpenMP threads stall on each other; a 64-token greedy rollout took 247 s "
      + "with 2 and 23 s with 1, minutes apart).")
  int threads;

  @Option(names = "--no-logprob", description = "Leave out the log-prob pass (its padded side holds about 7.5 GB at "
      + "152,064 ids).")
  boolean noLogProb;

  @Option(names = "--json", description = "Print the figures as one JSON object after the table.")
  boolean json;

  @Option(names = "--set", description = "Override a key of conf/train.conf (repeatable), e.g. train.top_p=0.9.")
  List<String> sets = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (!List.of("tiny", "mid").contains(preset) || vocab < 288 || prompts < 1 || tokens < 1 || repeats < 1
        || threads < 1) {
      throw new io.videor1.conf.ConfigError("bench rollout: --preset tiny|mid, --vocab >= 288, and --prompts, "
          + "--tokens, --repeats, --threads >= 1");
    }
    PrintStream table = json ? System.err : System.out; // --json: stdout holds the object alone
    Map<String, Object> figures = RolloutBenchmark.run(new RolloutBenchmark.Options(preset, vocab, prompts, tokens,
        repeats, threads, sets, !noLogProb), table);
    if (json) {
      System.out.println(RolloutBenchmark.json(figures));
    }
    return 0;
  }
}
