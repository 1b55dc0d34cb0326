package io.videor1.curate;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;

import io.videor1.media.DecodedMedia;
import io.videor1.vision.GridThw;
import io.videor1.vision.SmartResize;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * The tables the curation job writes: {@code frames} (one row per usable record) and {@code quarantine} (one row per
 * record that could not be used, with the stage and the reason).
 */
public final class CurateSchemas {
  private CurateSchemas() {}

  /** One row per record: every manifest field, the sampled frames and what was learnt about the source. */
  public static final StructType FRAMES =
      new StructType(
          new org.apache.spark.sql.types.StructField[] {
            createStructField("row_key", StringType, false),
            createStructField("content_hash", StringType, false),
            createStructField("params_hash", StringType, false),
            createStructField("manifest_line", LongType, false),
            createStructField("problem_id", LongType, true),
            createStructField("problem", StringType, false),
            createStructField("data_type", StringType, false),
            createStructField("problem_type", StringType, false),
            createStructField("options", createArrayType(StringType, false), false),
            createStructField("solution", StringType, false),
            createStructField("path", StringType, false),
            createStructField("data_source", StringType, true),
            createStructField("process", StringType, true),
            createStructField("extra_json", StringType, true),
            createStructField("media_path", StringType, false),
            createStructField("media_bytes", LongType, false),
            createStructField("codec", StringType, false),
            createStructField("container", StringType, false),
            createStructField("source_fps", DoubleType, true),
            createStructField("duration_s", DoubleType, true),
            createStructField("total_frames", IntegerType, false),
            createStructField("coded_width", IntegerType, false),
            createStructField("coded_height", IntegerType, false),
            createStructField("rotation", IntegerType, false),
            createStructField("sample_aspect_ratio", DoubleType, false),
            createStructField("resized_height", IntegerType, false),
            createStructField("resized_width", IntegerType, false),
            createStructField("grid_t", IntegerType, false),
            createStructField("grid_h", IntegerType, false),
            createStructField("grid_w", IntegerType, false),
            createStructField("num_frames", IntegerType, false),
            createStructField("sample_fps", DoubleType, true),
            createStructField("frame_indices", createArrayType(IntegerType, false), false),
            createStructField("timestamps", createArrayType(DoubleType, false), false),
            createStructField("frame_format", StringType, false),
            createStructField("frames", createArrayType(BinaryType, false), false)
          });

  /** One row per unusable record: the input as it stood, where it failed and why. */
  public static final StructType QUARANTINE =
      new StructType(
          new org.apache.spark.sql.types.StructField[] {
            createStructField("row_key", StringType, false),
            createStructField("params_hash", StringType, false),
            createStructField("manifest_line", LongType, false),
            createStructField("input_record", StringType, false),
            createStructField("media_path", StringType, true),
            createStructField("stage", StringType, false),
            createStructField("reason", StringType, false)
          });

  /** Frames shared by every record of one media file, already encoded for storage. */
  public record EncodedMedia(DecodedMedia media, byte[][] stored, String format, long bytes, String contentHash) {}

  static Row framesRow(ManifestRecord r, String rowKey, String paramsHash, EncodedMedia e) {
    DecodedMedia m = e.media();
    GridThw grid = GridThw.of(m.frames().size(), new SmartResize.Size(m.resizedHeight(), m.resizedWidth()));
    boolean still = r.dataType().equals("image");
    return RowFactory.create(
        rowKey,
        e.contentHash(),
        paramsHash,
        r.line(),
        r.problemId(),
        r.problem(),
        r.dataType(),
        r.problemType(),
        r.options().toArray(new String[0]),
        r.solution(),
        r.path(),
        r.dataSource(),
        r.process(),
        r.extraJson(),
        r.mediaPath(),
        e.bytes(),
        m.codec(),
        m.container(),
        still ? null : m.sourceFps(),
        still ? null : m.durationSeconds(),
        m.totalFrames(),
        m.codedWidth(),
        m.codedHeight(),
        m.rotation(),
        m.sampleAspectRatio(),
        m.resizedHeight(),
        m.resizedWidth(),
        grid.t(),
        grid.h(),
        grid.w(),
        m.frames().size(),
        still ? null : m.sampleFps(),
        m.frameIndices(),
        m.timestamps(),
        e.format(),
        e.stored());
  }

  static Row quarantineRow(QuarantineEntry q, String paramsHash) {
    return RowFactory.create(
        q.rowKey(), paramsHash, q.line(), q.inputRecord(), q.mediaPath(), q.stage(), q.reason());
  }

  static List<String> frameColumnsWithoutPixels() {
    return java.util.Arrays.stream(FRAMES.fieldNames()).filter(f -> !f.equals("frames")).toList();
  }
}
