package io.videor1.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.videor1.testing.SharedData;
import io.videor1.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MLlib Evaluator on a DataFrame of answers agrees with the scorer, and survives save and load. */
class VideoR1EvaluatorIT {
  @Test
  void evaluatorMatchesTheScorerAndRoundTrips(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    List<JsonNode> records = BenchmarkScoringTest.load(SharedData.testdata().resolve("annotations/easyvideor1_valid_data/videommmu.json"));
    List<Row> rows = new ArrayList<>();
    int i = 0;
    for (JsonNode r : records) {
      List<String> options = new ArrayList<>();
      r.path("options").forEach(o -> options.add(o.asText()));
      String gold = r.path("solution").asText().replaceAll("</?answer>", "");
      // Every third answer is wrong; every other right one is written as prose the reference cannot read.
      String output = i % 3 == 0 ? "<answer>Z</answer>" : i % 2 == 0 ? "The answer is " + gold + "." : "<answer>" + gold + "</answer>";
      rows.add(RowFactory.create(r.path("problem_type").asText(), r.path("solution").asText(), output, options));
      i++;
    }
    StructType schema = new StructType().add("problem_type", DataTypes.StringType).add("solution", DataTypes.StringType)
        .add("output", DataTypes.StringType).add("options", DataTypes.createArrayType(DataTypes.StringType));
    Dataset<Row> df = spark.createDataFrame(rows, schema);

    List<ScoredAnswer> expected = new ArrayList<>();
    for (Row r : rows) {
      @SuppressWarnings("unchecked")
      List<String> options = (List<String>) r.get(3);
      expected.add(AnswerScorer.score("videommmu", 0, r.getString(0), r.getString(1), options, r.getString(2), "c",
          io.videor1.reward.RewardOptions.defaults()));
    }
    EvalSummary s = EvalSummary.of("videommmu", expected, List.of());
    VideoR1Evaluator ev = new VideoR1Evaluator();
    assertEquals(s.reference().get("score"), ev.evaluate(df), 1e-6);
    assertEquals(s.robust().get("score"), ev.setMetricName("robust_benchmark_score").evaluate(df), 1e-6);
    assertEquals(true, s.robust().get("score") > s.reference().get("score"));

    String path = dir.resolve("evaluator").toString();
    ev.write().overwrite().save(path);
    VideoR1Evaluator loaded = VideoR1Evaluator.load(path);
    assertEquals(ev.uid(), loaded.uid());
    assertEquals("robust_benchmark_score", loaded.getOrDefault(loaded.metricName()));
    assertEquals(ev.evaluate(df), loaded.evaluate(df), 0.0);
  }
}
