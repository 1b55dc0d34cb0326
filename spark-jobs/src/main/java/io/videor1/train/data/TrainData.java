package io.videor1.train.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.curate.TableGenerations;
import io.videor1.prompt.PromptMeta;
import io.videor1.prompt.Question;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The prompts of a run on the driver: the metadata of every curated record, without pixels, in a fixed order.
 *
 * <p>Executors fetch the pixels themselves ({@link FramesCache}) from the Parquet file each record names, so a step
 * ships only a few hundred bytes per prompt. The order (problem id, then row key) does not depend on how Spark listed
 * the files, which keeps prompt sampling a pure function of (seed, step).
 */
public final class TrainData {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainData() {}

  /**
   * Resolves a frames table: the curation output directory (with {@code frames/params=HASH/}), its
   * {@code frames/} directory, or one {@code params=HASH} version directory.
   */
  public static Path framesVersion(SparkSession spark, String dir) throws IOException {
    Path p = new Path(dir);
    FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(p)) {
      throw new IllegalArgumentException("frames directory " + dir + " does not exist (--frames)");
    }
    if (p.getName().startsWith("params=")) {
      return p;
    }
    Path frames = fs.exists(new Path(p, "frames")) ? new Path(p, "frames") : p;
    FileStatus[] versions = fs.globStatus(new Path(frames, "params=*"));
    if (versions == null || versions.length == 0) {
      throw new IllegalArgumentException("no curated frames (params=*/) under " + frames + " (--frames)");
    }
    if (versions.length > 1) {
      throw new IllegalArgumentException("several curation versions under " + frames + "; pass one params=* "
          + "directory as --frames");
    }
    return versions[0].getPath();
  }

  /** Every record of the frames table, sorted by problem id then row key, indexed from 0. */
  public static List<PromptMeta> load(SparkSession spark, String dir) throws IOException {
    Path version = framesVersion(spark, dir);
    // The live batches of the version's newest generation: compaction may have left replaced files beside them.
    List<PromptMeta> out = fromFrame(TableGenerations.read(spark, version, spark.read()));
    if (out.isEmpty()) {
      throw new IllegalArgumentException("the frames table " + version + " has no rows");
    }
    return out;
  }

  /**
   * The records of a DataFrame read from a frames table (any filter of it), sorted and indexed as {@link #load}
   * does; each keeps the file its frames are in ({@code input_file_name()}, empty for an in-memory frame).
   */
  public static List<PromptMeta> fromFrame(Dataset<Row> frames) {
    List<Row> rows = frames
        .select(functions.col("row_key"), functions.input_file_name().as("file"), functions.col("problem_id"),
            functions.col("problem"), functions.col("problem_type"), functions.col("options"),
            functions.col("solution"), functions.col("data_type"), functions.col("data_source"),
            functions.col("process"), functions.col("extra_json"), functions.col("resized_height"),
            functions.col("resized_width"))
        .collectAsList();
    List<PromptMeta> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(PromptMeta.builder().setRowKey(r.getString(0)).optFile(r.getString(1))
          .setProblemId(r.isNullAt(2) ? -1 : r.getLong(2))
          .setQuestion(new Question(r.getString(3), r.getString(4), r.getList(5), r.getString(7)))
          .optSolution(r.getString(6)).optDataSource(r.getString(8)).optProcess(r.getString(9))
          .optTemporal(temporal(r.getString(10))).setSize(r.getInt(11), r.getInt(12)).build());
    }
    out.sort(Comparator.comparingLong((PromptMeta m) -> m.problemId() < 0 ? Long.MAX_VALUE : m.problemId())
        .thenComparing(PromptMeta::rowKey));
    List<PromptMeta> indexed = new ArrayList<>(out.size());
    for (int i = 0; i < out.size(); i++) {
      PromptMeta m = out.get(i);
      // a record without a problem id is known by its position
      indexed.add(m.problemId() < 0 ? m.toBuilder().optIndex(i).setProblemId(i).build() : m.withIndex(i));
    }
    return indexed;
  }

  /** The synthetic dataset's {@code temporal} flag from a row's extra_json, or null. */
  static Boolean temporal(String extraJson) {
    if (extraJson == null || extraJson.isBlank()) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(extraJson).get("temporal");
      return n == null || !n.isBoolean() ? null : n.asBoolean();
    } catch (IOException e) {
      return null;
    }
  }
}
