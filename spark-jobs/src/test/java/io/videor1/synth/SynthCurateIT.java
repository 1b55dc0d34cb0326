package io.videor1.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.videor1.conf.ConfigLoader;
import io.videor1.curate.CurateConfig;
import io.videor1.curate.CurateJob;
import io.videor1.curate.CurateSummary;
import io.videor1.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The generated manifests go through the curation job unchanged, with nothing quarantined, and the frames it samples
 * are the scene's beats: every moving item is where the ground truth puts it, in the curated pixels.
 */
class SynthCurateIT {
  @Test
  void everyGeneratedRecordIsCuratedAndTheSampledFramesShowTheTruth() throws Exception {
    Path data = SynthRuns.run("curate", "synth.train=60", "synth.test=20", "synth.seed=11");
    SparkSession spark = SparkTestSession.get();
    for (String split : List.of("train", "test")) {
      Path out = SynthRuns.scratch("curated-" + split);
      CurateConfig cfg = ConfigLoader.load("curate", List.of(
          "curate.manifest=" + data.resolve(split + ".json"), "curate.media_root=" + data, "curate.out=" + out,
          "curate.progress_interval_s=0",
          // 224 x 224 frames stay 224 x 224 (the default budget would upscale them to 336 x 336): a quicker test.
          "curate.video_min_pixels=50176", "curate.video_max_pixels=50176"), CurateConfig::from);
      CurateSummary s = CurateJob.run(spark, cfg, null);
      int expected = split.equals("train") ? 60 : 20;
      assertEquals(expected, s.rowsIn(), s.toJson());
      assertEquals(0, s.rowsQuarantined(), s.toJson());
      assertEquals(s.rowsIn(), s.rowsOut(), s.balanceLine());

      Map<Long, JsonNode> truth = new HashMap<>();
      SynthRuns.lines(data.resolve(split + "_truth.jsonl")).forEach(t -> truth.put(t.get("problem_id").asLong(), t));
      List<Row> rows = spark.read().parquet(out.resolve("frames").toString()).collectAsList();
      assertEquals(expected, rows.size());
      for (Row r : rows) {
        JsonNode t = truth.get((Long) r.getAs("problem_id"));
        assertTrue(((String) r.getAs("extra_json")).contains("\"temporal\""), "extra fields are kept");
        if (r.getAs("data_type").equals("video")) {
          List<Integer> idx = r.getList(r.fieldIndex("frame_indices"));
          assertEquals(t.get("frame_indices").toString(), idx.toString().replace(" ", ""), "sampled frames = beats");
        }
        checkPixels(r, t);
      }
    }
  }

  /** Each solid moving item's centre, in the resized curated frame, has about the item's colour. */
  private static void checkPixels(Row r, JsonNode t) {
    Grid grid = new Grid(224, 224);
    int h = r.getAs("resized_height");
    int w = r.getAs("resized_width");
    List<byte[]> frames = r.getList(r.fieldIndex("frames"));
    for (int k = 0; k < frames.size(); k++) {
      byte[] rgb = frames.get(k);
      for (TruthAnswerer.Seen it : TruthAnswerer.items(t.get("beats").get(k))) {
        boolean inside = it.x() > 0.3 && it.y() > 0.3 && it.x() < grid.cols() - 0.3 && it.y() < grid.rows() - 0.3;
        if (it.text() != null || !inside) {
          continue; // text has holes; an object entering at the border is half outside
        }
        int x = (int) (grid.px(it.x()) * w / 224.0);
        int y = (int) (grid.py(it.y()) * h / 224.0);
        int o = (y * w + x) * 3;
        Colour c = Colour.valueOf(it.colour().toUpperCase(java.util.Locale.ROOT));
        int err = Math.abs((rgb[o] & 255) - c.r) + Math.abs((rgb[o + 1] & 255) - c.g) + Math.abs((rgb[o + 2] & 255) - c.b);
        assertTrue(err < 60, r.getAs("data_source") + " #" + r.getAs("problem_id") + " frame " + k + " " + it + " err " + err);
      }
    }
  }
}
