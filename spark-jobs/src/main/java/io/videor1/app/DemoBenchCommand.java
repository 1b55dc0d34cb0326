package io.videor1.app;

import io.videor1.demo.DemoConfig;
import io.videor1.demo.DemoSeeds;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videor1 bench demo}: T-GRPO against GRPO from the demo's SFT checkpoint on several RL seeds. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "T-GRPO against GRPO with the demo's budget, from its one SFT checkpoint, on --seeds RL seeds; prints",
      "T-GRPO - GRPO on the order-dependent questions and overall, per seed with a 95%% paired bootstrap interval,",
      "and the mean over seeds. Reuses the demo's data, frames and SFT model under --out; writes OUT/RUNS/",
      "(--runs, default seeds), so variants of the RL step (--set demo.train_extra=...) share one SFT checkpoint."
    })
public final class DemoBenchCommand implements Callable<Integer> {
  @Option(names = "--out", description = "The demo's output directory (default: demo).")
  String out;

  @Option(names = "--seeds", defaultValue = "3", description = "RL seeds (default ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--runs", defaultValue = "seeds",
      description = "Subdirectory of --out for the RL runs and their summary.json (default ${DEFAULT-VALUE}).")
  String runs;

  @Option(names = "--set", description = "Override a key of conf/demo.conf (repeatable).")
  List<String> sets = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (seeds < 1) {
      throw new io.videor1.conf.ConfigError("--seeds must be >= 1 (got " + seeds + ")");
    }
    if (!runs.matches("[A-Za-z0-9_.-]+") || runs.startsWith(".")) {
      throw new io.videor1.conf.ConfigError("--runs must be one directory name of letters, digits, '_', '-' and '.' "
          + "(got '" + runs + "')");
    }
    DemoConfig cfg = JobLauncher.overrides().put("demo.out", out).sets(sets).load("demo", DemoConfig::from);
    return JobLauncher.withSpark("videor1 bench demo", spark -> {
      DemoSeeds.run(spark, cfg, seeds, runs, System.out, System.err);
      return 0;
    });
  }
}
