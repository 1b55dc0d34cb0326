package io.videor1.app;

import io.videor1.curate.CompactConfig;
import io.videor1.curate.CompactJob;
import io.videor1.curate.LockHeldException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videor1 compact}: a curation output's many per-run batches rewritten into a few large Parquet files. */
@Command(
    name = "compact",
    mixinStandardHelpOptions = true,
    description = {
      "Rewrite each frames version's batches into fewer, larger Parquet files (same rows, same bytes), atomically and",
      "under the output's lease, so readers see the old files or the new ones.",
      "Exit codes: 0 done, 2 configuration error, 3 another run holds the output's lease.",
      "Defaults: conf/compact.conf."
    })
public final class CompactCommand implements Callable<Integer> {
  @Option(names = "--out", description = "The curation output directory (curate's --out).")
  String out;

  @Option(names = "--target-file-mb", description = "Size the compacted files aim at, in MiB (compact.target_file_mb).")
  Integer targetFileMb;

  @Option(names = "--set", description = "Override a configuration key: --set compact.retain_s=0 (repeatable).")
  List<String> sets = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    CompactConfig cfg = JobLauncher.overrides().put("compact.out", out).put("compact.target_file_mb", targetFileMb)
        .sets(sets).load("compact", CompactConfig::from);
    return JobLauncher.withSpark("videor1 compact", spark -> {
      try {
        for (CompactJob.Result r : CompactJob.run(spark, cfg, System.err)) {
          System.out.printf("%s: %d files -> %d files, %d rows%n", r.version(), r.filesBefore(), r.filesAfter(),
              r.rows());
        }
        return 0;
      } catch (LockHeldException e) {
        System.err.println("locked: " + e.getMessage());
        return CurateCommand.EXIT_LOCKED;
      }
    });
  }
}
