package io.videor1.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.videor1.conf.ConfigLoader;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.io.CheckpointWriter;
import io.videor1.model.io.SafeDType;
import io.videor1.model.tokenizer.ByteTokenizerFiles;
import io.videor1.synth.SynthConfig;
import io.videor1.synth.SynthJob;
import io.videor1.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny model evaluated end to end on the synthetic test split, then the same run resumed; batched answers. */
class EvalJobIT {
  @Test
  void evaluatesTheSyntheticTestSplitAndResumes(@TempDir Path dir) throws Exception {
    EvalConfig cfg = setUp(dir, "out");
    ObjectMapper json = new ObjectMapper();
    SparkSession spark = SparkTestSession.get();
    EvalJob.Result first = EvalJob.run(spark, cfg, null);
    assertEquals("synth", first.benchmark());
    assertEquals(8, first.answeredNow());
    assertEquals(8, first.summary().answered());
    assertEquals(1, first.summary().skipped());
    assertTrue(first.summary().skippedMedia().get(0).contains("not-there.mp4: resolve: media file not found"), first.summary().skippedMedia().toString());
    var rows = spark.read().parquet(first.answersPath()).collectAsList();
    assertEquals(8, rows.size());
    for (var r : rows) {
      double s = r.getAs("score");
      assertTrue(s >= 0 && s <= 1);
      assertTrue(r.<Integer>getAs("completion_tokens") <= 12);
    }
    JsonNode summary = json.readTree(dir.resolve("out/summary.json").toFile());
    assertEquals(8, summary.get("benchmarks").get(0).get("answered").asInt());
    assertTrue(Files.readString(dir.resolve("out/summary.md")).contains("| synth | all | 8 (skipped 1)"));

    EvalJob.Result again = EvalJob.run(spark, cfg, null);
    assertEquals(0, again.answeredNow());
    assertEquals(8, again.answeredBefore());
    assertEquals(first.summary().reference(), again.summary().reference());
  }

  @Test
  void answersDecodedTogetherAreTheSameWhateverShareTheirBatch(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    EvalConfig pairs = setUp(dir, "pairs", "eval.prompts_per_batch=2");
    EvalConfig threes = ConfigLoader.load("eval", List.of("eval.bench=" + pairs.bench(), "eval.media_root="
        + pairs.mediaRoot(), "eval.model=" + pairs.model(), "eval.out=" + dir.resolve("threes"),
        "eval.max_new_tokens=12", "eval.questions_per_task=3", "eval.progress_interval_s=0",
        "eval.prompts_per_batch=3"), EvalConfig::from);
    List<String> a = answers(spark, EvalJob.run(spark, pairs, null).answersPath());
    List<String> b = answers(spark, EvalJob.run(spark, threes, null).answersPath());
    assertEquals(8, a.size());
    assertEquals(a, b, "each answer's output, tokens and score, whatever answers share its batch");
    assertTrue(a.get(0).contains("decode=batched"), a.get(0));
    assertTrue(a.stream().anyMatch(x -> !x.contains(",,")), "some answers are not empty: " + a);
  }

  /** Each answer's key, output, length, finish and score (not the run's own id). */
  private static List<String> answers(SparkSession spark, String path) {
    return spark.read().parquet(path).select("row_key", "output", "completion_tokens", "finish_reason", "score",
        "settings").collectAsList().stream().map(Object::toString).sorted().toList();
  }

  /** The synthetic test split (8 answerable questions, one with its video missing), a tiny model, an eval config. */
  private static EvalConfig setUp(Path dir, String out, String... extra) throws Exception {
    Path data = dir.resolve("synth");
    SynthJob.run(ConfigLoader.load("synth", List.of("synth.out=" + data, "synth.train=2", "synth.test=8", "synth.seed=5"), SynthConfig::from), null);
    ObjectMapper json = new ObjectMapper();
    ArrayNode records = (ArrayNode) json.readTree(data.resolve("test.json").toFile());
    ObjectNode missing = records.get(0).deepCopy();
    missing.put("problem_id", 99);
    missing.put("path", "./test/videos/not-there.mp4");
    missing.put("data_type", "video");
    records.add(missing);
    Path bench = dir.resolve("eval_synth.json");
    json.writeValue(bench.toFile(), records);

    Path tokenizer = Files.createDirectories(dir.resolve("tok"));
    ByteTokenizerFiles.write(tokenizer, ModelPresets.tiny().text().vocabSize());
    Path model = dir.resolve("model");
    try (VisionLanguageModel vlm = VisionLanguageModel.random(ModelPresets.tiny(), tokenizer, 11, 0.02, VisionLanguageModel.LoadOptions.cpu())) {
      vlm.save(model, SafeDType.F32, CheckpointWriter.DEFAULT_MAX_SHARD_BYTES);
    }

    return
        ConfigLoader.load(
            "eval",
            sets(List.of("eval.bench=" + bench, "eval.media_root=" + data, "eval.model=" + model, "eval.out=" + dir.resolve(out),
                "eval.max_new_tokens=12", "eval.questions_per_task=3", "eval.progress_interval_s=0"), extra),
            EvalConfig::from);
  }

  private static List<String> sets(List<String> base, String... extra) {
    List<String> all = new java.util.ArrayList<>(base);
    all.addAll(List.of(extra));
    return all;
  }
}
