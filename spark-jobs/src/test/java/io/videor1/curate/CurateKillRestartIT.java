package io.videor1.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.conf.ConfigLoader;
import io.videor1.testing.SharedData;
import io.videor1.testing.SparkTestSession;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A curation run killed with SIGKILL while it writes Parquet, then run again: no duplicate rows, no torn files, and
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

    SparkSession spark = SparkTestSession.get();
    CurateConfig cfg =
        ConfigLoader.load(
            "curate",
            List.of("curate.manifest=" + manifest, "curate.media_root=" + media, "curate.out=" + out, "curate.progress_interval_s=0"),
            CurateConfig::from);
    CurateSummary s = CurateJob.run(spark, cfg, null);
    assertTrue(s.balanced(), s.balanceLine());
    assertEquals(40, s.rowsOut());
    assertEquals(0, s.rowsSkipped());
    assertFalse(Files.exists(out.resolve("_staging")), "stale staging was cleared");
    var frames = spark.read().parquet(out.resolve("frames").toString());
    assertEquals(40, frames.count());
    assertEquals(40, frames.select("row_key").distinct().count());
    assertEquals(1, CurateJobIT.countBatches(out.resolve("frames")));
    // And a third run finds everything done.
    assertEquals(40, CurateJob.run(spark, cfg, null).rowsSkipped());
  }

  private static Process startCurate(Path manifest, Path media, Path out) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-") || a.startsWith("-D") || a.startsWith("-XX") || a.startsWith("--enable")) {
        cmd.add(a);
      }
    }
    cmd.add("-Dspark.master=local[1]");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("io.videor1.app.VideoR1");
    cmd.addAll(
        List.of(
            "curate", "--manifest", manifest.toString(), "--media-root", media.toString(), "--out", out.toString(),
            "--set", "curate.media_per_task=1", "--set", "curate.progress_interval_s=0"));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolveSibling("child.log").toFile()).start();
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
