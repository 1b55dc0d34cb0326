package io.videor1.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.conf.ConfigLoader;
import io.videor1.testing.SharedData;
import io.videor1.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A curation run killed with SIGKILL while it writes Parquet, then run again at once on the same host: the dead run's
 * lease is taken over without waiting for it to go stale (its process is gone); no duplicate rows, no torn files, and
 * every record accounted for.
 */
class CurateKillRestartIT {
  @TempDir Path dir;

  @Test
  void killedMidWriteThenRestartedLeavesNoDuplicatesAndNoTornFiles() throws Exception {
    Path video = SharedData.testdata().resolve("videor1/media/ytb_7nRmsEw7nsE.mp4");
    Path media = Files.createDirectories(dir.resolve("media"));
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Files.createSymbolicLink(media.resolve("clip" + i + ".mp4"), video);
      lines.add(CurateFixture.record(i, "video", "./clip" + i + ".mp4"));
    }
    Path manifest = dir.resolve("m.jsonl");
    Files.write(manifest, lines);
    Path out = dir.resolve("out");

    Process child = startCurate(manifest, media, out);
    try {
      assertTrue(waitForPartFile(out.resolve("_staging"), child, 120), "the child never started writing");
      child.destroyForcibly(); // SIGKILL: no shutdown hooks, no commit
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    } finally {
      child.destroyForcibly();
    }
    assertFalse(Files.exists(out.resolve("frames")), "nothing was committed before the kill");
    assertTrue(Files.exists(out.resolve("_staging")), "the killed run left its staging directory");

    // The killed run's lease is still there, its heartbeat recent; but its process on this host is gone, so a run
    // started at once, with the default stale limit (300 s), takes it over and redoes the work.
    assertTrue(Files.exists(out.resolve("_lock")), "the killed run held the lease");
    LeaseInfo dead = LeaseInfo.parse(Files.readString(out.resolve("_lock")), Instant.now());
    assertEquals(child.pid(), dead.pid());
    SparkSession spark = SparkTestSession.get();
    List<String> keys =
        List.of("curate.manifest=" + manifest, "curate.media_root=" + media, "curate.out=" + out, "curate.progress_interval_s=0");
    CurateConfig cfg = ConfigLoader.load("curate", keys, CurateConfig::from);
    assertEquals(300, cfg.lock().staleSeconds());
    CurateSummary s = CurateJob.run(spark, cfg, null);
    assertTrue(s.balanced(), s.balanceLine());
    assertEquals(40, s.rowsOut());
    assertEquals(0, s.rowsSkipped());
    assertEquals(dead.owner(), s.inputs().get("lease_taken_over_from"));
    assertFalse(Files.exists(out.resolve("_staging")), "stale staging was cleared");
    assertFalse(Files.exists(out.resolve("_lock")), "the lease is released");
    var frames = spark.read().parquet(out.resolve("frames").toString());
    assertEquals(40, frames.count());
    assertEquals(40, frames.select("row_key").distinct().count());
    assertEquals(1, CurateJobIT.countBatches(out.resolve("frames")));
    // And a third run finds everything done.
    assertEquals(40, CurateJob.run(spark, cfg, null).rowsSkipped());
  }

  private static Process startCurate(Path manifest, Path media, Path out) throws Exception {
    return ScheduleFixture.start(out.resolveSibling("child.log"),
        "curate", "--manifest", manifest.toString(), "--media-root", media.toString(), "--out", out.toString(),
        "--set", "curate.media_per_task=1", "--set", "curate.progress_interval_s=0");
  }

  /** True once a Parquet part file exists under {@code staging}: the child is in the middle of writing. */
  private static boolean waitForPartFile(Path staging, Process child, int seconds) throws Exception {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline && child.isAlive()) {
      if (Files.exists(staging)) {
        try (Stream<Path> s = Files.walk(staging)) {
          if (s.anyMatch(p -> p.getFileName().toString().startsWith("part-"))) {
            return true;
          }
        } catch (java.io.UncheckedIOException e) {
          // files move while Spark commits tasks; look again
        }
      }
      Thread.sleep(20);
    }
    return false;
  }
}
