package io.videor1.app;

import picocli.CommandLine.Command;

/** {@code videor1 bench}: benchmarks that print figures and ratios against a peer or a target. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks: figures and ratios against a peer.",
    subcommands = {CurateBenchCommand.class, TrainBenchCommand.class, DemoBenchCommand.class, RolloutBenchCommand.class,
      MemoryBenchCommand.class,
      OptimBenchCommand.class, TemporalStepBenchCommand.class, TemporalBenchCommand.class})
public final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
