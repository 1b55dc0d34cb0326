package io.videor1.train;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createStructField;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The rollout ledger: Parquet under {@code RUN/ledger/step=N/}, one row per response, readable as one table
 * ({@code spark.read.parquet("RUN/ledger")} adds the {@code step} partition column).
 *
 * <p>Each step is written to a staging directory and renamed into place, replacing what an interrupted run may have left
 * for that step, so a resumed run ends with exactly the rows of an uninterrupted one.
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

  private final SparkSession spark;
  private final Path root;

  public RolloutLedger(SparkSession spark, String runDir) {
    this.spark = spark;
    this.root = new Path(runDir, "ledger");
  }

  /** Writes (or replaces) the rows of one step. */
  public void writeStep(int step, List<LedgerRow> rows) throws IOException {
    for (LedgerRow r : rows) {
      if (r.step() != step) {
        throw new IllegalArgumentException("row of step " + r.step() + " written as step " + step);
      }
    }
    List<Row> out = new ArrayList<>(rows.size());
    for (LedgerRow r : rows) {
      out.add(
          RowFactory.create(
              r.weightVersion(), r.promptId(), r.problemType(), r.dataSource(), r.groupId(), r.shuffled(),
              r.sampleIndex(), r.samplingSeed(), r.completion(), r.completionTokens(), r.finishReason(), r.accuracy(),
              r.format(), r.temporalBonus(), r.lengthBonus(), r.totalReward(), r.advantage(), r.failure()));
    }
    FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
    Path staging = new Path(root, "_staging/step=" + step);
    fs.delete(staging, true);
    spark.createDataFrame(out, SCHEMA).coalesce(1).write().parquet(staging.toString());
    Path dst = new Path(root, "step=" + step);
    if (fs.exists(dst)) {
      fs.delete(dst, true);
    }
    if (!fs.rename(staging, dst)) {
      throw new IOException("cannot rename " + staging + " to " + dst);
    }
  }

  /** Removes the steps after {@code lastStep}: what an interrupted run wrote past its last checkpoint. */
  public void truncateAfter(int lastStep) throws IOException {
    FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(root)) {
      return;
    }
    for (var st : fs.listStatus(root, p -> p.getName().startsWith("step="))) {
      if (Integer.parseInt(st.getPath().getName().substring(5)) > lastStep) {
        fs.delete(st.getPath(), true);
      }
    }
    fs.delete(new Path(root, "_staging"), true);
  }

  public Path path() {
    return root;
  }
}
