package io.videor1.app;

import io.videor1.score.ScoreFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videor1 score}: scores any model's outputs with Video-R1's exact rules (no Spark needed). */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Score model outputs (JSONL or JSON array with problem_type, solution, output[, options]) with Video-R1's",
      "accuracy and format rewards and evaluation-time score. Writes DIR/scores.jsonl and DIR/summary.json.",
      "Defaults: conf/score.conf (reference behaviour); parity switches: docs/rewards.md."
    })
public final class ScoreCommand implements Callable<Integer> {
  @Option(names = "--in", description = "Outputs to score.")
  String in;

  @Option(names = "--out", description = "Output directory.")
  String out;

  @Option(names = "--set", description = "Override a configuration key: --set score.choice_normalize=true (repeatable).")
  List<String> sets = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    ScoreConfig cfg = JobLauncher.overrides().put("score.in", in).put("score.out", out).sets(sets)
        .load("score", ScoreConfig::from);
    ScoreFiles.run(Path.of(cfg.in()), Path.of(cfg.out()), cfg.rewards(), cfg.benchmark(), System.out);
    return 0;
  }
}
