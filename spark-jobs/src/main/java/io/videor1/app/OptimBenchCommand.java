package io.videor1.app;

import io.videor1.bench.OptimBenchmark;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videor1 bench optim}: the driver's update on one thread against several, and whether the bits agree. */
@Command(
    name = "optim",
    mixinStandardHelpOptions = true,
    description = {
      "Times the driver's optimizer update (global gradient norm, clip to 1, AdamW on fp32 master weights) on one",
      "thread and on --threads, alternating in one process on the same --params parameters, and checks that both",
      "give the same bits (2 updates from one seeded state each). Medians of --repeats pairs; the ratio is the",
      "median of the pairs' ratios. Needs about 20 bytes per parameter of heap (VIDEOR1_DRIVER_MEMORY). No Spark."
    })
public final class OptimBenchCommand implements Callable<Integer> {
  @Option(names = "--params", defaultValue = "100000000", description = "Parameters (default ${DEFAULT-VALUE}).")
  long params;

  @Option(names = "--tensor", defaultValue = "4194304", description = "Elements per tensor (default ${DEFAULT-VALUE}).")
  int tensor;

  @Option(names = "--threads", defaultValue = "2", description = "Threads compared with one (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--repeats", defaultValue = "9", description = "Timed pairs (default ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--json", description = "Print the figures as one JSON object after the table.")
  boolean json;

  @Override
  public Integer call() {
    if (params < 1 || tensor < 1 || threads < 2 || repeats < 1) {
      throw new io.videor1.conf.ConfigError("bench optim: --params, --tensor and --repeats must be >= 1, --threads >= 2");
    }
    PrintStream table = json ? System.err : System.out; // --json: stdout holds the object alone
    Map<String, Object> figures = OptimBenchmark.run(new OptimBenchmark.Options(params, tensor, threads, repeats), table);
    if (json) {
      System.out.println(new com.google.gson.GsonBuilder().create().toJson(figures));
    }
    return 0;
  }
}
