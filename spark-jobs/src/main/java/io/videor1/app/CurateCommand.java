package io.videor1.app;

import io.videor1.curate.CurateConfig;
import io.videor1.curate.CurateJob;
import io.videor1.curate.CurateSummary;
import io.videor1.curate.LockHeldException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videor1 curate}: Video-R1 manifest to sampled frames in Parquet. */
@Command(
    name = "curate",
    mixinStandardHelpOptions = true,
    description = {
      "Decode and sample the media of a Video-R1 manifest into Parquet (frames/, quarantine/, _summary.json).",
      "Re-runs skip rows already curated; changed parameters write a new version beside the old.",
      "Exit codes: 0 done, 2 configuration error, 3 another run holds the output's lease, 4 quarantine alarm.",
      "Defaults: conf/curate.conf."
    })
public final class CurateCommand implements Callable<Integer> {
  /** Another live run holds the output's lease ({@code OUT/_lock}). */
  static final int EXIT_LOCKED = 3;
  /** Committed, but the quarantine rate was above {@code curate.max_quarantine_rate}. */
  static final int EXIT_ALARM = 4;

  @Option(names = "--manifest", description = "Manifest: a JSON array or JSONL file, a directory of them, or a glob (any Hadoop path).")
  String manifest;

  @Option(names = "--media-root", description = "Directory the records' media paths are relative to.")
  String mediaRoot;

  @Option(names = "--out", description = "Output directory.")
  String out;

  @Option(names = "--preset", description = "train or eval (sets curate.preset).")
  String preset;

  @Option(names = "--set", description = "Override a configuration key: --set curate.max_frames=32 (repeatable).")
  List<String> sets = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    CurateConfig cfg = JobLauncher.overrides().put("curate.manifest", manifest).put("curate.media_root", mediaRoot)
        .put("curate.out", out).put("curate.preset", preset).sets(sets).load("curate", CurateConfig::from);
    return JobLauncher.withSpark("videor1 curate", spark -> {
      try {
        CurateSummary s = CurateJob.run(spark, cfg, System.err);
        System.out.print(s.toJson());
        System.out.println(s.balanceLine());
        if (!s.balanced()) {
          return 1;
        }
        if (s.alarm() != null) {
          System.err.println(s.alarm()); // everything is committed; the scheduler marks the run failed
          return EXIT_ALARM;
        }
        return 0;
      } catch (LockHeldException e) {
        System.err.println("locked: " + e.getMessage());
        return EXIT_LOCKED;
      }
    });
  }
}
