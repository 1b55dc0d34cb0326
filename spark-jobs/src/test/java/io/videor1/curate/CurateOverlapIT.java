package io.videor1.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.videor1.testing.SparkTestSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code videor1 curate} command as a scheduler starts it, in child JVMs: two runs at once on one output, a run
 * that finds the output locked (exit 3), and the quarantine alarm (exit 4).
 */
class CurateOverlapIT {
  @TempDir static Path dir;
  static ScheduleFixture fx;

  @BeforeAll
  static void setUp() throws Exception {
    fx = new ScheduleFixture(dir);
  }

  @Test
  void twoRunsStartedTogetherBothFinishWithEveryRecordOnce() throws Exception {
    Path m = fx.manifest("together.jsonl", ScheduleFixture.records(0, 12));
    Path out = dir.resolve("out-together");
    // The second run waits for the first one's lease instead of exiting 3.
    List<String> args = fx.curateArgs(m, out, "curate.lock_wait_s=300");
    Process a = ScheduleFixture.start(dir.resolve("a.log"), args.toArray(String[]::new));
    Process b = ScheduleFixture.start(dir.resolve("b.log"), args.toArray(String[]::new));
    assertEquals(0, exit(a), Files.readString(dir.resolve("a.log")));
    assertEquals(0, exit(b), Files.readString(dir.resolve("b.log")));

    List<String> keys = ScheduleFixture.keys(out);
    assertEquals(12, keys.size(), "no duplicate and no missing row");
    assertEquals(12, ScheduleFixture.distinct(keys).size());
    long written = 0;
    long skipped = 0;
    for (JsonNode run : runs(out)) {
      written += run.get("rows_out").asLong();
      skipped += run.get("rows_skipped").asLong();
      assertEquals(12, run.get("rows_in").asLong());
    }
    assertEquals(12, written, "one run curated everything");
    assertEquals(12, skipped, "the other found it done");
    assertFalse(Files.exists(out.resolve("_lock")));
  }

  @Test
  void aLockedOutputExitsWithCode3AndOneLineNamingTheHolder() throws Exception {
    Path m = fx.manifest("locked.jsonl", ScheduleFixture.records(0, 2));
    Path out = Files.createDirectories(dir.resolve("out-locked"));
    org.apache.hadoop.fs.Path outPath = new org.apache.hadoop.fs.Path(out.toString());
    var fs = outPath.getFileSystem(SparkTestSession.get().sparkContext().hadoopConfiguration());
    try (OutputLease held = OutputLease.acquire(fs, outPath, "curate", "nightly-run", new LockSettings("curate", 0, 300), null)) {
      Process p = ScheduleFixture.start(dir.resolve("locked.log"), fx.curateArgs(m, out).toArray(String[]::new));
      int code = exit(p);
      String log = Files.readString(dir.resolve("locked.log"));
      assertEquals(3, code, log);
      List<String> lines = log.lines().filter(l -> l.startsWith("locked: ")).toList();
      assertEquals(1, lines.size(), log);
      assertTrue(lines.get(0).contains("is locked by curate run nightly-run (pid " + ProcessHandle.current().pid()), log);
      assertFalse(Files.exists(out.resolve("frames")));
    }
  }

  @Test
  void theAlarmExitsWithCode4AfterCommittingEverything() throws Exception {
    List<String> lines = new ArrayList<>(ScheduleFixture.records(0, 3));
    lines.add(CurateFixture.record(90, "video", "./missing.mp4"));
    lines.add("{\"problem\": oops");
    Path m = fx.manifest("alarm.jsonl", lines);
    Path out = dir.resolve("out-alarm");
    Process p = ScheduleFixture.start(dir.resolve("alarm.log"),
        fx.curateArgs(m, out, "curate.max_quarantine_rate=0.25").toArray(String[]::new));
    int code = exit(p);
    String log = Files.readString(dir.resolve("alarm.log"), StandardCharsets.UTF_8);
    assertEquals(4, code, log);
    assertTrue(log.contains("alarm: quarantine rate 0.400 (2 of 5 new records) is above curate.max_quarantine_rate=0.25;"
        + " top reasons: "), log);
    assertTrue(log.contains("manifest: malformed JSON (1)") && log.contains("resolve: media file not found (1)"), log);
    assertEquals(3, ScheduleFixture.keys(out).size(), "the good records are committed");
    assertEquals(2, SparkTestSession.get().read().parquet(out.resolve("quarantine").toString()).count());
    JsonNode summary = CurateFixture.JSON.readTree(out.resolve("_summary.json").toFile());
    assertTrue(summary.get("alarm").asText().startsWith("alarm: quarantine rate 0.400"), summary.toString());
  }

  private static int exit(Process p) throws Exception {
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("curate did not finish");
    }
    return p.exitValue();
  }

  private static List<JsonNode> runs(Path out) throws Exception {
    List<JsonNode> runs = new ArrayList<>();
    try (Stream<Path> s = Files.list(out.resolve("_runs"))) {
      for (Path p : s.filter(f -> f.getFileName().toString().matches("[^.].*\\.json")).toList()) {
        runs.add(CurateFixture.JSON.readTree(p.toFile()));
      }
    }
    assertEquals(2, runs.size());
    return runs;
  }
}
