package io.videor1.app;

import io.videor1.conf.ConfigError;
import io.videor1.model.io.InvalidCheckpointException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code videor1}: the command-line entry point; each subcommand is one job. */
@Command(
    name = "videor1",
    mixinStandardHelpOptions = true,
    version = "videor1 0.1.0",
    description = "Video-R1 (SFT cold start and T-GRPO) as Spark jobs.",
    subcommands = {CurateCommand.class, CompactCommand.class, ScoreCommand.class, SynthCommand.class, TempCompassCommand.class, EvalCommand.class, BenchCommand.class, SftCommand.class, TrainCommand.class, DemoCommand.class, ReportCommand.class, InspectCommand.class})
public final class VideoR1 implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs the command and returns its exit code (2 for a configuration error or a malformed checkpoint). */
  public static int execute(String... args) {
    return execute(null, null, args);
  }

  /** As {@link #execute(String...)}, printing to {@code out} and {@code err} when they are not null. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new VideoR1());
    if (out != null) {
      cl.setOut(out);
    }
    if (err != null) {
      cl.setErr(err);
    }
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof ConfigError) {
            cmd.getErr().println("configuration error: " + e.getMessage());
            cmd.getErr().flush();
            return 2;
          }
          InvalidCheckpointException bad = invalidCheckpoint(e);
          if (bad != null) { // one line, no stack trace: the checkpoint is data from elsewhere
            cmd.getErr().println("checkpoint error: " + bad.getMessage());
            cmd.getErr().flush();
            return 2;
          }
          throw e;
        });
    return cl.execute(args);
  }

  /** The InvalidCheckpointException in {@code e}'s cause chain (Spark and MLlib wrap it), or null. */
  static InvalidCheckpointException invalidCheckpoint(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof InvalidCheckpointException i) {
        return i;
      }
    }
    return null;
  }

  public static void main(String[] args) {
    int code = execute(args);
    // Spark leaves non-daemon threads behind in local mode; the command is done.
    System.exit(code);
  }
}
