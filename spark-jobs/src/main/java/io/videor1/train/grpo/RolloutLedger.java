package io.videor1.train.grpo;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createStructField;

import io.videor1.text.Utf8;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The rollout ledger: Parquet under {@code RUN/ledger/step=N/}, one row per response, readable as one table
 * ({@code spark.read.parquet("RUN/ledger")} adds the {@code step} partition column).
 *
 * <p>The same rows are also written as JSON lines under {@code RUN/ledger-json/step=N/} (every column, nulls
 * included; {@code step} again only in the directory name). The mirror is for readers without a Parquet library:
 * Debian packages pandas but neither pyarrow nor fastparquet, so the notebooks ({@code notebooks/videor1_runs.py})
 * fall back to it when {@code pandas.read_parquet} has no engine. It costs a second small write per step.
 *
 * <p>Each step is written to a staging directory and renamed into place, replacing what an interrupted run may have left
 * for that step, so a resumed run ends with exactly the rows of an uninterrupted one; the staging directory is removed
 * once the step is in place.
 */
public final class RolloutLedger {
  /** The columns of a ledger row; {@code step} is the partition directory. */
  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            createStructField("weight_version", LongType, false),
            createStructField("prompt_id", StringType, false),
            createStructField("problem_type", StringType, false),
            createStructField("data_source", StringType, true),
            createStructField("group_id", StringType, false),
            createStructField("shuffled", BooleanType, false),
            createStructField("sample_index", IntegerType, false),
            createStructField("sampling_seed", LongType, false),
            createStructField("completion", StringType, true),
            createStructField("completion_tokens", IntegerType, false),
            createStructField("finish_reason", StringType, false),
            createStructField("accuracy", DoubleType, false),
            createStructField("format", DoubleType, false),
            createStructField("temporal_bonus", DoubleType, false),
            createStructField("length_bonus", DoubleType, false),
            createStructField("total_reward", DoubleType, false),
            createStructField("advantage", DoubleType, false),
            createStructField("failure", StringType, true)
          });

  /**
   * {@link #SCHEMA} and, last, the columns of the non-reference temporal modes ({@code train.temporal_mode}): each
   * response's temporal score and its prompt's weight, null where the mode measured none. Only those runs write them,
   * so a reference run's ledger is the one it always was, and a reader that names its columns reads both.
   */
  public static final StructType TEMPORAL_SCHEMA = SCHEMA
      .add(createStructField("temporal_score", DoubleType, true))
      .add(createStructField("prompt_weight", DoubleType, true));

  private static final String STAGING = "_staging";

  private final SparkSession spark;
  private final Path root;
  private final Path jsonRoot;
  private final boolean temporalColumns;

  /** The ledger of a run in the reference temporal mode (or GRPO): {@link #SCHEMA}. */
  public RolloutLedger(SparkSession spark, String runDir) {
    this(spark, runDir, false);
  }

  /** The ledger of a run, with the temporal modes' columns ({@link #TEMPORAL_SCHEMA}) when {@code temporalColumns}. */
  public RolloutLedger(SparkSession spark, String runDir, boolean temporalColumns) {
    this.spark = spark;
    this.root = new Path(runDir, "ledger");
    this.jsonRoot = new Path(runDir, "ledger-json");
    this.temporalColumns = temporalColumns;
  }

  /** Writes (or replaces) the rows of one step, in Parquet and in the JSON-lines mirror. */
  public void writeStep(int step, List<LedgerRow> rows) throws IOException {
    for (LedgerRow r : rows) {
      if (r.step() != step) {
        throw new IllegalArgumentException("row of step " + r.step() + " written as step " + step);
      }
    }
    List<Row> out = new ArrayList<>(rows.size());
    for (LedgerRow r : rows) {
      // Text as it may come from a model or an exception: lone surrogates would be '?' in Parquet and fail Spark's
      // JSON writer, so they become U+FFFD here.
      Object[] v = {r.weightVersion(), r.promptId(), r.problemType(), Utf8.scrub(r.dataSource()), r.groupId(),
          r.shuffled(), r.sampleIndex(), r.samplingSeed(), Utf8.scrub(r.completion()), r.completionTokens(),
          r.finishReason(), r.accuracy(), r.format(), r.temporalBonus(), r.lengthBonus(), r.totalReward(),
          r.advantage(), Utf8.scrub(r.failure())};
      if (temporalColumns) {
        v = java.util.Arrays.copyOf(v, v.length + 2);
        v[v.length - 2] = r.temporalScore();
        v[v.length - 1] = r.promptWeight();
      }
      out.add(RowFactory.create(v));
    }
    Dataset<Row> df = spark.createDataFrame(out, temporalColumns ? TEMPORAL_SCHEMA : SCHEMA).coalesce(1);
    FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
    Path parquet = stage(fs, root, step);
    df.write().parquet(parquet.toString());
    Path json = stage(fs, jsonRoot, step);
    df.write().option("ignoreNullFields", false).json(json.toString());
    publish(fs, root, parquet, step);
    publish(fs, jsonRoot, json, step);
  }

  /** Removes the steps after {@code lastStep}: what an interrupted run wrote past its last checkpoint. */
  public void truncateAfter(int lastStep) throws IOException {
    FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
    for (Path dir : List.of(root, jsonRoot)) {
      if (!fs.exists(dir)) {
        continue;
      }
      for (var st : fs.listStatus(dir, p -> p.getName().startsWith("step="))) {
        if (Integer.parseInt(st.getPath().getName().substring(5)) > lastStep) {
          fs.delete(st.getPath(), true);
        }
      }
      fs.delete(new Path(dir, STAGING), true);
    }
  }

  /** The Parquet ledger, {@code RUN/ledger}. */
  public Path path() {
    return root;
  }

  /** The JSON-lines mirror, {@code RUN/ledger-json}. */
  public Path jsonPath() {
    return jsonRoot;
  }

  /** An empty staging directory for one step of {@code dir}. */
  private static Path stage(FileSystem fs, Path dir, int step) throws IOException {
    Path staging = new Path(dir, STAGING + "/step=" + step);
    fs.delete(staging, true);
    return staging;
  }

  /** Renames the staged step into place, replacing an older copy, and removes the staging directory. */
  private static void publish(FileSystem fs, Path dir, Path staging, int step) throws IOException {
    Path dst = new Path(dir, "step=" + step);
    if (fs.exists(dst)) {
      fs.delete(dst, true);
    }
    if (!fs.rename(staging, dst)) {
      throw new IOException("cannot rename " + staging + " to " + dst);
    }
    fs.delete(staging.getParent(), true);
  }
}
