package io.videor1.app;

import io.videor1.bench.CurateBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videor1 bench curate}: curation throughput against the ffmpeg CLI, and Parquet read-back against decoding. */
@Command(
    name = "curate",
    mixinStandardHelpOptions = true,
    description = {
      "Curates a folder of real videos with videor1 and with the ffmpeg CLI (same sampling, resize and parallelism),",
      "then reads the frames back from Parquet against decoding again. Installs Debian's ffmpeg when missing."
    })
public final class CurateBenchCommand implements Callable<Integer> {
  @Option(names = "--videos", description = "Folder of videos (default: ../shared/testdata beside the checkout).")
  Path videos;

  @Option(names = "--repeat", defaultValue = "3", description = "Measured repetitions (default ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--cores", defaultValue = "2", description = "Spark slots and concurrent ffmpeg processes (default ${DEFAULT-VALUE}).")
  int cores;

  @Option(names = "--formats", split = ",", defaultValue = "raw:zstd,raw:none,raw:lz4_raw,png,jpeg",
      description = "Storage formats to compare, FORMAT[:PARQUET_CODEC] (default ${DEFAULT-VALUE}).")
  List<String> formats = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Path dir = videos != null ? videos
        : Path.of(System.getProperty("videor1.repo.dir", "."), "..", "shared", "testdata").toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      System.err.println("bench curate: no video folder at " + dir + "; pass --videos DIR");
      return 2;
    }
    Path work = Files.createTempDirectory("videor1-bench-");
    System.setProperty("spark.master", "local[" + cores + "]");
    try {
      return JobLauncher.withSpark("videor1 bench curate", spark -> {
        CurateBenchmark.run(new CurateBenchmark.Options(dir, repeat, cores, formats, work), spark, System.out);
        return 0;
      });
    } finally {
      deleteTree(work);
    }
  }

  private static void deleteTree(Path p) throws java.io.IOException {
    try (var s = Files.walk(p)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
