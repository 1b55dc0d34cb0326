package io.videor1.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.videor1.conf.ConfigError;
import io.videor1.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Curation as a timer runs it, on real Spark, FFmpeg and Parquet: growing manifest folders, leases, the alarm. */
class CurateScheduleIT {
  @TempDir static Path dir;
  static ScheduleFixture fx;
  static SparkSession spark;

  @BeforeAll
  static void setUp() throws Exception {
    fx = new ScheduleFixture(dir);
    spark = SparkTestSession.get();
  }

  @Test
  void dayByDayManifestsInOneFolderCurateOnlyTheNewRecords() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Path out = dir.resolve("out-days");
    fx.manifest("in/day-01.jsonl", ScheduleFixture.records(0, 6));
    CurateSummary day1 = CurateJob.run(spark, fx.config(in.toString(), out), null);
    assertEquals(6, day1.rowsOut(), day1.balanceLine());
    assertEquals(1, day1.manifestFiles().size());

    // Day two: four new records, one repeated from day one; a stray note and a hidden upload are not manifests.
    List<String> day2 = new ArrayList<>(ScheduleFixture.records(6, 10));
    day2.add(ScheduleFixture.records(0, 1).get(0));
    fx.manifest("in/day-02.jsonl", day2);
    fx.manifest("in/notes.txt", List.of("not a manifest"));
    fx.manifest("in/.day-03.jsonl.part", List.of("{\"half\": "));
    CurateSummary second = CurateJob.run(spark, fx.config(in.toString(), out), null);
    assertTrue(second.balanced(), second.balanceLine());
    assertEquals(11, second.rowsIn());
    assertEquals(4, second.rowsOut(), "only the new records are curated");
    assertEquals(7, second.rowsSkipped());
    assertEquals(List.of("day-01.jsonl", "day-02.jsonl"),
        second.manifestFiles().stream().map(f -> f.substring(f.lastIndexOf('/') + 1)).toList());
    JsonNode last = CurateFixture.JSON.readTree(out.resolve("_summary.json").toFile());
    assertEquals(2, last.get("manifest_files_read").asInt());
    try (Stream<Path> runs = Files.list(out.resolve("_runs"))) {
      assertEquals(2, runs.filter(p -> p.getFileName().toString().matches("[^.].*\\.json")).count(),
          "each run's summary is kept");
    }
    List<String> keys = ScheduleFixture.keys(out);
    assertEquals(10, keys.size());
    assertEquals(10, ScheduleFixture.distinct(keys).size());

    // The same days through a glob: nothing new.
    assertEquals(11, CurateJob.run(spark, fx.config(in + "/day-0*.jsonl", out), null).rowsSkipped());
    // Both days into an empty table in one run: the repeated record still becomes one row.
    CurateSummary fresh = CurateJob.run(spark, fx.config(in.toString(), dir.resolve("out-days-once")), null);
    assertEquals(10, fresh.rowsOut(), fresh.balanceLine());
    assertEquals(1, fresh.rowsSkipped());
    assertEquals(10, ScheduleFixture.keys(dir.resolve("out-days-once")).size());
  }

  @Test
  void aManifestThatNamesNoFileIsAConfigurationErrorNamingThePath() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty-in"));
    ConfigError e = assertThrows(ConfigError.class,
        () -> CurateJob.run(spark, fx.config(empty.toString(), dir.resolve("out-empty")), null));
    assertEquals("manifest directory " + empty + " holds no *.json or *.jsonl file", e.getMessage());
    e = assertThrows(ConfigError.class,
        () -> CurateJob.run(spark, fx.config(dir + "/nothing-*.jsonl", dir.resolve("out-empty")), null));
    assertTrue(e.getMessage().contains("matches no file"), e.getMessage());
  }

  @Test
  void aStaleLeaseIsTakenOverAndTheDeadRunsLeftoversCleared() throws Exception {
    Path out = dir.resolve("out-stale");
    Path m = fx.manifest("stale.jsonl", ScheduleFixture.records(0, 6));
    CurateSummary first = CurateJob.run(spark, fx.config(m.toString(), out), null);
    assertEquals(6, first.rowsOut());

    // A run that died an hour ago: its lease, its staging, and a batch it renamed into place but never published.
    Instant hourAgo = Instant.now().minusSeconds(3600);
    Files.writeString(out.resolve("_lock"),
        new LeaseInfo("dead-run", "curate", "gone-host", 4242, hourAgo, hourAgo, "", null).toJson());
    Files.createDirectories(out.resolve("_staging/dead-run/frames"));
    Files.writeString(out.resolve("_staging/dead-run/frames/part-00000.parquet"), "torn");
    Path version = out.resolve("frames/params=" + first.paramsHash());
    Files.createDirectories(version.resolve("batch=dead-run"));
    Files.copy(firstPart(version), version.resolve("batch=dead-run/part-00000.parquet"));

    fx.manifest("stale.jsonl", ScheduleFixture.records(0, 8));
    CurateSummary next = CurateJob.run(spark, fx.config(m.toString(), out), null);
    assertEquals("dead-run", next.inputs().get("lease_taken_over_from"));
    assertEquals(2, next.rowsOut(), next.balanceLine());
    assertEquals(6, next.rowsSkipped());
    assertFalse(Files.exists(out.resolve("_staging")), "the dead run's staging is cleared");
    assertFalse(Files.exists(version.resolve("batch=dead-run")), "the unpublished batch is removed");
    assertFalse(Files.exists(out.resolve("_lock")), "the lease is released at the end");
    assertEquals(8, ScheduleFixture.distinct(ScheduleFixture.keys(out)).size());
    assertEquals(8, spark.read().parquet(version.toString()).count(), "a plain directory read agrees");
  }

  @Test
  void aLiveLeaseStopsTheRunWithAMessageNamingTheHolder() throws Exception {
    Path out = Files.createDirectories(dir.resolve("out-live"));
    Path m = fx.manifest("live.jsonl", ScheduleFixture.records(0, 3));
    org.apache.hadoop.fs.Path outPath = new org.apache.hadoop.fs.Path(out.toString());
    var fs = outPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
    try (OutputLease held = OutputLease.acquire(fs, outPath, "compact", "holder-run", new LockSettings("curate", 0, 300), null)) {
      LockHeldException e = assertThrows(LockHeldException.class, () -> CurateJob.run(spark, fx.config(m.toString(), out), null));
      assertTrue(e.getMessage().startsWith(out + " is locked by compact run holder-run (pid " + ProcessHandle.current().pid()),
          e.getMessage());
      assertTrue(e.getMessage().contains("curate.lock_wait_s"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
      assertFalse(Files.exists(out.resolve("frames")), "nothing was written");
    }
    assertEquals(3, CurateJob.run(spark, fx.config(m.toString(), out), null).rowsOut(), "free again once released");
  }

  @Test
  void theAlarmCommitsEverythingAndNamesTheRateAndTopReasons() throws Exception {
    Path out = dir.resolve("out-alarm");
    List<String> lines = new ArrayList<>(ScheduleFixture.records(0, 2));
    for (int i = 0; i < 3; i++) {
      lines.add(CurateFixture.record(50 + i, "video", "./missing" + i + ".mp4"));
    }
    Path m = fx.manifest("alarm.jsonl", lines);
    CurateSummary s = CurateJob.run(spark, fx.config(m.toString(), out, "curate.max_quarantine_rate=0.5"), null);
    assertNotNull(s.alarm());
    assertTrue(s.alarm().startsWith("alarm: quarantine rate 0.600 (3 of 5 new records) is above "
        + "curate.max_quarantine_rate=0.5; top reasons: resolve: media file not found (3)"), s.alarm());
    assertEquals(2, ScheduleFixture.keys(out).size(), "the good records are committed");
    assertEquals(3, spark.read().parquet(out.resolve("quarantine").toString()).count(), "so are the quarantined");
    // Under the limit, or with the default, no alarm.
    assertEquals(null, CurateJob.run(spark, fx.config(m.toString(), dir.resolve("out-alarm-off")), null).alarm());
  }

  private static Path firstPart(Path version) throws Exception {
    try (Stream<Path> s = Files.walk(version)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
  }
}
