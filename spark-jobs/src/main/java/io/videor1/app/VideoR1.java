package io.videor1.app;

import io.videor1.conf.ConfigError;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code videor1}: the command-line entry point; each subcommand is one job. */
@Command(
    name = "videor1",
    mixinStandardHelpOptions = true,
    version = "videor1 0.1.0",
    description = "Video-R1 (SFT cold start and T-GRPO) as Spark jobs.",
    subcommands = {CurateCommand.class, CompactCommand.class, ScoreCommand.class, SynthCommand.class, TempCompassCommand.class, EvalCommand.class, BenchCommand.class, SftCommand.class, TrainCommand.class, DemoCommand.class, ReportCommand.class})
public final class VideoR1 implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs the command and returns its exit code (2 for a configuration error). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new VideoR1());
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof ConfigError) {
            cmd.getErr().println("configuration error: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    return cl.execute(args);
  }

  public static void main(String[] args) {
    int code = execute(args);
    // Spark leaves non-daemon threads behind in local mode; the command is done.
    System.exit(code);
  }
}
