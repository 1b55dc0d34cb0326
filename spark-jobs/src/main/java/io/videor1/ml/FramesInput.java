package io.videor1.ml;

import io.videor1.prompt.PromptMeta;
import io.videor1.train.data.TrainData;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.StructType;

/**
 * A curated-frames DataFrame as training input: the prompts' metadata, with the Parquet file each record's frames are
 * in. A DataFrame read from a frames table (or a filter of one) is used in place; any other (built in memory, joined)
 * is first written once under the run directory, since executors read frames from files, not from the driver.
 */
final class FramesInput {
  /** The columns a curated-frames DataFrame must have. */
  static final Set<String> REQUIRED = Set.of("row_key", "problem_id", "problem", "problem_type", "options",
      "solution", "data_type", "data_source", "process", "extra_json", "resized_height", "resized_width",
      "frame_format", "frames");

  private FramesInput() {}

  record Resolved(String framesDir, List<PromptMeta> prompts) {}

  static void check(StructType schema) {
    for (String c : REQUIRED) {
      if (!List.of(schema.fieldNames()).contains(c)) {
        throw new IllegalArgumentException("the dataset lacks column '" + c + "' of a curated frames table "
            + "(videor1 curate output); has " + List.of(schema.fieldNames()));
      }
    }
  }

  static Resolved resolve(Dataset<Row> df, String runDir) {
    check(df.schema());
    List<PromptMeta> prompts = TrainData.fromFrame(df);
    if (prompts.isEmpty()) {
      throw new IllegalArgumentException("the dataset has no rows");
    }
    if (prompts.stream().noneMatch(p -> p.file() == null || p.file().isEmpty())) {
      return new Resolved(new Path(prompts.get(0).file()).getParent().toString(), prompts);
    }
    String dir = new Path(runDir, "input-frames/params=fit").toString();
    df.write().mode(SaveMode.Overwrite).parquet(dir);
    return new Resolved(dir, TrainData.fromFrame(df.sparkSession().read().parquet(dir)));
  }
}
