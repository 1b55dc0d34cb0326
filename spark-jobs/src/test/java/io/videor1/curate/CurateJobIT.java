package io.videor1.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.conf.ConfigLoader;
import io.videor1.media.FrameFormat;
import io.videor1.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The curation job on real Spark (local mode), real FFmpeg and real Parquet over the shared test media. */
class CurateJobIT {
  @TempDir static Path dir;
  static CurateFixture fixture;
  static SparkSession spark;

  @BeforeAll
  static void setUp() throws Exception {
    fixture = new CurateFixture(dir);
    spark = SparkTestSession.get();
  }

  static CurateConfig config(Path out, String... sets) {
    List<String> all = new ArrayList<>();
    all.add("curate.manifest=" + fixture.manifest);
    all.add("curate.media_root=" + fixture.mediaRoot);
    all.add("curate.out=" + out);
    all.add("curate.progress_interval_s=0");
    all.addAll(Arrays.asList(sets));
    return ConfigLoader.load("curate", all, CurateConfig::from);
  }

  @Test
  void curatesEveryRecordOrQuarantinesItWithItsReasonThenSkipsOnReRun() throws Exception {
    Path out = dir.resolve("out-main");
    CurateSummary s = CurateJob.run(spark, config(out), null);
    assertTrue(s.balanced(), s.balanceLine());
    assertEquals(fixture.lines.size(), s.rowsIn());
    assertEquals(fixture.expectedQuarantined, s.rowsQuarantined(), s.quarantinedByStage().toString());
    assertEquals(s.rowsIn() - fixture.expectedQuarantined, s.rowsOut());
    assertEquals(0, s.rowsSkipped());
    assertTrue(Files.exists(out.resolve("_summary.json")));
    assertFalse(Files.exists(out.resolve("_staging")), "staging is gone after a commit");

    Dataset<Row> frames = spark.read().parquet(out.resolve("frames").toString());
    assertEquals(s.rowsOut(), frames.count());
    assertEquals(s.rowsOut(), frames.select("row_key").distinct().count());
    for (Row r : frames.collectAsList()) {
      int h = r.getAs("resized_height");
      int w = r.getAs("resized_width");
      List<byte[]> stored = r.getList(r.fieldIndex("frames"));
      assertEquals((int) r.getAs("num_frames"), stored.size());
      for (byte[] f : stored) {
        assertEquals(h * w * 3, f.length, "raw RGB frame size of " + r.getAs("media_path"));
      }
      int gridT = r.getAs("grid_t");
      assertEquals(r.getAs("data_type").equals("image") ? 1 : stored.size() / 2, gridT);
      assertEquals(h / 14, (int) r.getAs("grid_h"));
    }
    // Manifest fields survive: the DataFlow variant has no problem_id; options keep their letters.
    Row mc = frames.where("path like '%ytb_7nRmsEw7nsE.mp4'").first();
    assertTrue(mc.isNullAt(mc.fieldIndex("problem_id")));
    assertEquals("A. A YouTube subscription notification", mc.getList(mc.fieldIndex("options")).get(0));
    assertEquals(1072, (int) mc.getAs("total_frames"));
    Row ocr = frames.where("problem_type = 'OCR'").first();
    assertEquals("image", ocr.getAs("data_type"));
    assertEquals(1, (int) ocr.getAs("num_frames"));
    // Two questions on one video: both rows, one decode.
    assertEquals(2, frames.where("media_path = 'videos/decord/flipping_a_pancake.mkv'").count());
    // The rotated clip comes out upright (red top-left), as the ffmpeg CLI shows it.
    Row rot = frames.where("media_path = 'rotated.mp4'").first();
    assertEquals(270, (int) rot.getAs("rotation"));
    byte[] first = (byte[]) rot.getList(rot.fieldIndex("frames")).get(0);
    io.videor1.media.MediaDecoderTestAccess.assertRedTopLeftOnly(first, rot.getAs("resized_height"), rot.getAs("resized_width"));

    // FramesReader (the executors' path, no Spark job) gives back exactly the stored pixels.
    Map<String, Row> byKey = frames.collectAsList().stream().collect(Collectors.toMap(r -> r.getAs("row_key"), r -> r));
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    int seen = 0;
    for (org.apache.hadoop.fs.Path part : FramesReader.files(new org.apache.hadoop.fs.Path(out.resolve("frames").toString()), conf)) {
      try (FramesReader reader = FramesReader.open(part, conf)) {
        for (FramesReader.Frames f = reader.next(); f != null; f = reader.next()) {
          Row row = byKey.get(f.rowKey());
          List<byte[]> stored = row.getList(row.fieldIndex("frames"));
          assertEquals(stored.size(), f.rgb().size());
          for (int i = 0; i < stored.size(); i++) {
            byte[] got = new byte[f.rgb().get(i).remaining()];
            f.rgb().get(i).duplicate().get(got);
            assertTrue(Arrays.equals(stored.get(i), got), "frame " + i + " of " + row.getAs("media_path"));
          }
          seen++;
        }
      }
    }
    assertEquals(s.rowsOut(), seen);

    Map<String, String> reasons =
        spark.read().parquet(out.resolve("quarantine").toString()).collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getAs("input_record"), r -> r.getAs("stage") + ": " + r.getAs("reason")));
    assertEquals(fixture.expectedQuarantined, reasons.size());
    assertReason(reasons, "nope.mp4", "resolve: media file not found");
    assertReason(reasons, "etc/passwd", "resolve: media path '../../etc/passwd' escapes the media root");
    assertReason(reasons, "{\"problem\": oops", "manifest: malformed JSON");
    assertReason(reasons, "counting", "manifest: unknown problem_type 'counting'");
    assertReason(reasons, "\"data_type\":\"audio\"", "manifest: unknown data_type 'audio'");
    assertReason(reasons, "notes.txt", "open: unreadable: not a video or image");
    assertReason(reasons, "Mpeg4.mp4", "probe: no video stream");
    assertReason(reasons, "metaedit_keyed.mp4", "decode: zero decodable frames");
    assertReason(reasons, "hevc_white_frame.mp4", "sample: video has 1 frame(s)");
    assertEquals(1, reasons.values().stream().filter(v -> v.contains("missing required field 'solution'")).count());

    // Same manifest, same parameters: nothing to do.
    CurateSummary again = CurateJob.run(spark, config(out), null);
    assertTrue(again.balanced(), again.balanceLine());
    assertEquals(s.rowsIn(), again.rowsSkipped());
    assertEquals(0, again.rowsOut());
    assertEquals(s.rowsOut(), again.skippedAlreadyCurated());
    assertEquals(1, countBatches(out.resolve("frames")), "no new batch when nothing changed");
    assertEquals(s.rowsOut(), spark.read().parquet(out.resolve("frames").toString()).count());

    // One new record: only it is curated.
    fixture.lines.add(CurateFixture.record(999, "video", "./rotated.mp4"));
    fixture.write();
    try {
      CurateSummary more = CurateJob.run(spark, config(out), null);
      assertEquals(1, more.rowsOut());
      assertEquals(s.rowsIn(), more.rowsSkipped());
      assertEquals(s.rowsOut() + 1, spark.read().parquet(out.resolve("frames").toString()).count());
    } finally {
      fixture.lines.remove(fixture.lines.size() - 1);
      fixture.write();
    }
  }

  @Test
  void changedParametersWriteANewVersionBesideTheOld() throws Exception {
    Path out = dir.resolve("out-versions");
    CurateSummary train = CurateJob.run(spark, config(out, "curate.media_per_task=8"), null);
    CurateSummary eval =
        CurateJob.run(spark, config(out, "curate.preset=eval", "curate.max_frames=32", "curate.frame_format=jpeg"), null);
    assertNotEquals(train.paramsHash(), eval.paramsHash());
    assertEquals(train.rowsOut(), eval.rowsOut());
    assertEquals(0, eval.rowsSkipped());
    Dataset<Row> all = spark.read().parquet(out.resolve("frames").toString());
    assertEquals(2, all.select("params").distinct().count());
    Row big = all.where("params = '" + eval.paramsHash() + "' and media_path = 'videos/ffmpegwasm/Big_Buck_Bunny_180_10s.webm'").first();
    assertEquals(20, (int) big.getAs("num_frames")); // 10 s at 2 fps, under the 32 cap
    assertEquals("jpeg", big.getAs("frame_format"));
    byte[] jpeg = (byte[]) big.getList(big.fieldIndex("frames")).get(0);
    int h = big.getAs("resized_height");
    int w = big.getAs("resized_width");
    assertEquals(h * w * 3, FrameFormat.JPEG.decode(jpeg, h, w).length);
    assertTrue(Files.exists(out.resolve("frames/params=" + eval.paramsHash() + "/_params.json")));
  }

  static long countBatches(Path table) throws Exception {
    try (Stream<Path> s = Files.walk(table, 2)) {
      return s.filter(p -> p.getFileName().toString().startsWith("batch=")).count();
    }
  }

  private static void assertReason(Map<String, String> reasons, String recordContains, String reasonStartsWith) {
    List<String> hits =
        reasons.entrySet().stream().filter(e -> e.getKey().contains(recordContains)).map(Map.Entry::getValue).toList();
    assertEquals(1, hits.size(), recordContains + " -> " + hits);
    assertTrue(hits.get(0).startsWith(reasonStartsWith), recordContains + " -> " + hits.get(0));
  }
}
