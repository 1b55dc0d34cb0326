package io.videor1.eval;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createStructField;

import io.videor1.exec.FrameProbe;
import io.videor1.text.Utf8;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The per-answer rows of an evaluation, {@code OUT/answers/run=<model and settings hash>/batch=ID/*.parquet}: one row
 * per question and frame probe ({@code probe}: ordered, shuffled, reversed or blank; images only ordered).
 *
 * <p>A reader that wants one row per question keeps {@code probe = 'ordered'}; tables written before probes existed
 * have no {@code probe} column, which reads as null under {@link #SCHEMA} and means ordered ({@link #probe}).
 */
public final class AnswerTable {
  private AnswerTable() {}

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            createStructField("row_key", StringType, false),
            createStructField("benchmark", StringType, false),
            createStructField("problem_id", LongType, true),
            createStructField("manifest_line", LongType, false),
            createStructField("problem_type", StringType, false),
            createStructField("category", StringType, false),
            createStructField("data_source", StringType, true),
            createStructField("path", StringType, false),
            createStructField("solution", StringType, false),
            createStructField("output", StringType, false),
            createStructField("prediction", StringType, false),
            createStructField("score", DoubleType, false),
            createStructField("correct", BooleanType, false),
            createStructField("robust_prediction", StringType, false),
            createStructField("robust_score", DoubleType, false),
            createStructField("completion_tokens", IntegerType, false),
            createStructField("finish_reason", StringType, false),
            createStructField("model_key", StringType, false),
            createStructField("settings", StringType, false),
            createStructField("probe", StringType, true)
          });

  static Row row(
      String rowKey, ScoredAnswer a, long line, String dataSource, String path, String solution, int tokens,
      String finish, String modelKey, String settings, FrameProbe probe) {
    return RowFactory.create(
        rowKey, a.benchmark(), a.problemId() < 0 ? null : a.problemId(), line, a.problemType(), a.category(), dataSource,
        path, solution, Utf8.scrub(a.output()), Utf8.scrub(a.prediction()), a.score(), a.correct(),
        a.robustPrediction(), a.robustScore(), tokens, Utf8.scrub(finish), modelKey, settings, probe.key()); // model text: no '?'
  }

  /** The probe a stored row was answered under (rows from before probes: ordered). */
  static FrameProbe probe(Row r) {
    int i = r.fieldIndex("probe");
    return r.isNullAt(i) ? FrameProbe.ORDERED : FrameProbe.valueOf(r.getString(i).toUpperCase(java.util.Locale.ROOT));
  }

  /** What a re-run looks answers up by: the curated row and the probe. */
  static String doneKey(String rowKey, FrameProbe probe) {
    return rowKey + "|" + probe.key();
  }

  /** Back from a stored row, for the summary. */
  static ScoredAnswer scored(Row r) {
    return new ScoredAnswer(
        r.getAs("benchmark"), r.isNullAt(r.fieldIndex("problem_id")) ? -1 : r.<Long>getAs("problem_id"),
        r.getAs("problem_type"), r.getAs("category"), r.getAs("output"), r.getAs("prediction"), r.<Double>getAs("score"),
        r.getAs("robust_prediction"), r.<Double>getAs("robust_score"));
  }
}
