package io.videor1.app;

import io.videor1.demo.DemoConfig;
import io.videor1.demo.DemoJob;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videor1 demo}: synthetic data → curation → SFT → T-GRPO and GRPO → held-out evaluation, in local Spark. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "The whole method on the embedded synthetic dataset, on a bare machine: generate it, curate it, SFT a tiny",
      "model, run T-GRPO and GRPO with the same budget, evaluate on the held-out split with true and shuffled",
      "frames. Writes OUT/summary.json, OUT/report.html and prints the table. Re-running resumes.",
      "Defaults: conf/demo.conf; results and settings: docs/training.md."
    })
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--out", description = "Output directory (default: demo).")
  String out;

  @Option(names = "--seed", description = "Seed of the whole demo: the data, the model's initial weights, prompt "
      + "order, sampling and shuffles (default: demo.seed of conf/demo.conf).")
  Long seed;

  @Option(names = "--set", description = "Override a configuration key: --set demo.rl_steps=30 (repeatable).")
  List<String> sets = new ArrayList<>();

  /** The configuration the options resolve to. */
  public DemoConfig config() {
    return JobLauncher.overrides().put("demo.out", out).put("demo.seed", seed).sets(sets).load("demo", DemoConfig::from);
  }

  @Override
  public Integer call() throws Exception {
    DemoConfig cfg = config();
    return JobLauncher.withSpark("videor1 demo", spark -> {
      DemoJob.run(spark, cfg, System.out, System.err);
      System.out.println("demo: summary " + java.nio.file.Path.of(cfg.out(), "summary.json"));
      return 0;
    });
  }
}
