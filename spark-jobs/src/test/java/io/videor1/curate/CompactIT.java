package io.videor1.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.conf.ConfigLoader;
import io.videor1.testing.SparkTestSession;
import io.videor1.train.data.TrainData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code videor1 compact} on a table fed by several runs: every row kept byte for byte, fewer files, and a reader
 * listing the table all along sees every row exactly once.
 */
class CompactIT {
  @TempDir Path dir;

  @Test
  void compactionKeepsEveryRowAndItsBytesLowersTheFileCountAndReadersSeeOneSet() throws Exception {
    SparkSession spark = SparkTestSession.get();
    ScheduleFixture fx = new ScheduleFixture(dir);
    Path out = dir.resolve("out");
    for (int day = 0; day < 3; day++) { // three scheduled runs, one media file per task: many small files
      Path m = fx.manifest("in/day-" + day + ".jsonl", ScheduleFixture.records(day * 4, day * 4 + 4));
      assertEquals(4, CurateJob.run(spark, fx.config(m.toString(), out, "curate.media_per_task=1"), null).rowsOut());
    }
    Map<String, String> before = rowsByKey(spark, out);
    assertEquals(12, before.size());
    int filesBefore = FramesReader.files(hadoopPath(out.resolve("frames")), new org.apache.hadoop.conf.Configuration()).size();
    assertTrue(filesBefore >= 6, "one file per task and run: " + filesBefore);

    // A reader that lists and reads the whole table again and again while compaction runs.
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger reads = new AtomicInteger();
    ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
    Thread reader = new Thread(() -> {
      while (!stop.get() || reads.get() == 0) {
        try {
          List<String> keys = ScheduleFixture.keys(out);
          if (keys.size() != 12 || ScheduleFixture.distinct(keys).size() != 12) {
            bad.add(keys.size() + " rows, " + ScheduleFixture.distinct(keys).size() + " distinct");
          }
        } catch (Exception e) {
          bad.add(e.toString());
        }
        reads.incrementAndGet();
      }
    });
    reader.start();
    List<CompactJob.Result> results;
    try {
      results = CompactJob.run(spark, config(out), null);
    } finally {
      stop.set(true);
      reader.join();
    }
    assertTrue(bad.isEmpty(), "a reader saw both sets or neither: " + bad);
    assertEquals(1, results.size());
    assertEquals(3, results.get(0).batchesBefore());
    assertEquals(1, results.get(0).filesAfter(), "12 small rows fit one file of the default target");

    Map<String, String> after = rowsByKey(spark, out);
    assertEquals(before.keySet(), after.keySet());
    for (Map.Entry<String, String> e : before.entrySet()) {
      assertTrue(e.getValue().equals(after.get(e.getKey())), "row " + e.getKey() + " changed");
    }
    assertEquals(1, FramesReader.files(hadoopPath(out.resolve("frames")), new org.apache.hadoop.conf.Configuration()).size());
    assertEquals(12, TrainData.load(spark, out.toString()).size(), "training reads the compacted table");
    // The replaced batches are kept (retention) for readers that listed them; they are no longer part of the table.
    Path version = out.resolve("frames/params=" + results.get(0).version().substring("params=".length()));
    assertEquals(4, countBatchDirs(version));

    // Curation goes on after compaction: a new day is added, nothing duplicated.
    Path m = fx.manifest("in/day-3.jsonl", ScheduleFixture.records(0, 14));
    assertEquals(2, CurateJob.run(spark, fx.config(m.toString(), out), null).rowsOut());
    assertEquals(14, ScheduleFixture.distinct(ScheduleFixture.keys(out)).size());
    assertEquals(14, ScheduleFixture.keys(out).size());

    // Retention 0: the three replaced batches are deleted, the two live ones compacted into one and deleted too.
    CompactJob.Result r = CompactJob.run(spark, config(out, "compact.retain_s=0"), null).get(0);
    assertEquals(5, r.deleted().size(), r.deleted().toString());
    assertEquals(1, countBatchDirs(version));
    assertEquals(14, spark.read().parquet(version.toString()).count(), "a plain directory read agrees now");
    assertEquals(14, ScheduleFixture.distinct(ScheduleFixture.keys(out)).size());
    assertFalse(Files.exists(out.resolve("_lock")));
  }

  private static CompactConfig config(Path out, String... sets) {
    List<String> all = new ArrayList<>(List.of("compact.out=" + out));
    all.addAll(Arrays.asList(sets));
    return ConfigLoader.load("compact", all, CompactConfig::from);
  }

  /** Every column of every live row as JSON (binary values in Base64, so every byte counts), by row key. */
  private static Map<String, String> rowsByKey(SparkSession spark, Path out) throws Exception {
    List<String> files = new ArrayList<>();
    for (var f : FramesReader.files(hadoopPath(out.resolve("frames")), new org.apache.hadoop.conf.Configuration())) {
      files.add(f.toString());
    }
    Map<String, String> m = new HashMap<>();
    for (Row r : spark.read().parquet(files.toArray(String[]::new)).select(
        Arrays.stream(CurateSchemas.FRAMES.fieldNames()).map(org.apache.spark.sql.functions::col)
            .toArray(org.apache.spark.sql.Column[]::new)).collectAsList()) {
      assertTrue(m.put(r.getAs("row_key"), r.json()) == null, "duplicate row " + r.getAs("row_key"));
    }
    return m;
  }

  private static long countBatchDirs(Path version) throws Exception {
    try (Stream<Path> s = Files.list(version)) {
      return s.filter(p -> p.getFileName().toString().startsWith("batch=")).count();
    }
  }

  private static org.apache.hadoop.fs.Path hadoopPath(Path p) {
    return new org.apache.hadoop.fs.Path(p.toString());
  }
}
