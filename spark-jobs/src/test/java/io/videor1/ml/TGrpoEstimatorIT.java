package io.videor1.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.videor1.conf.ConfigError;
import io.videor1.conf.ConfigLoader;
import io.videor1.testing.SparkTestSession;
import io.videor1.testing.TinyTraining;
import io.videor1.train.data.TrainData;
import io.videor1.train.grpo.TGrpoConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MLlib surface: Params mirror conf/train.conf, fit runs T-GRPO, the model answers, both save and load. */
class TGrpoEstimatorIT {
  @Test
  void everyParamIsATrainConfKeyWithItsDefault() {
    TGrpoEstimator e = new TGrpoEstimator();
    Config d = ConfigLoader.defaults("train").getConfig("train");
    for (Param<?> p : e.params()) {
      String key = TGrpoEstimator.confKey(p);
      assertTrue(d.hasPath(key), p.name() + " -> train." + key);
      Object conf = d.getValue(key).unwrapped();
      Object def = e.getOrDefault(p);
      if (conf instanceof Number n) {
        assertEquals(n.doubleValue(), ((Number) def).doubleValue(), p.name());
      } else {
        assertEquals(conf.toString(), String.valueOf(def), p.name());
      }
    }
    java.util.Set<String> keys = new java.util.TreeSet<>(d.root().keySet());
    keys.remove("frames");
    assertEquals(keys, java.util.Arrays.stream(e.params()).map(TGrpoEstimator::confKey)
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)), "a Param per train.conf key");
    assertEquals(5e-4, new TGrpoEstimator().setParam("preset", "tiny").setInitModel("m").setOutputDir("o").toConfig("f").optim().lr(),
        1e-12, "a preset chosen by Param applies (train.conf's tiny preset sets lr 5e-4)");
    TGrpoConfig cfg = e.setInitModel("m").setOutputDir("o").setParam("numGenerations", 6).setTemporal(false)
        .toConfig("frames");
    assertEquals(6, cfg.numGenerations());
    assertEquals(0, cfg.numShuffled());
    assertEquals("o", cfg.run().out());
    ConfigError err = assertThrows(ConfigError.class, () -> e.setParam("beta", -1.0).toConfig("frames"));
    assertTrue(err.getMessage().contains("train.beta"), err.getMessage());
  }

  @Test
  void fitTransformSaveAndLoad(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    TinyTraining.Fixture f = TinyTraining.get();
    Dataset<Row> frames = spark.read().parquet(TrainData.framesVersion(spark, f.frames()).toString());
    TGrpoEstimator est = new TGrpoEstimator().setInitModel(f.sftModel()).setOutputDir(dir.resolve("run").toString())
        .setSteps(1).setParam("promptsPerStep", 2).setParam("numGenerations", 2).setParam("maxNewTokens", 8)
        .setParam("promptStyle", "short");
    est.write().overwrite().save(dir.resolve("estimator").toString());
    TGrpoEstimator est2 = TGrpoEstimator.load(dir.resolve("estimator").toString());
    assertEquals(est.extractParamMap().toString().replace(est.uid(), "uid"),
        est2.extractParamMap().toString().replace(est2.uid(), "uid"));

    TGrpoModel model = est.fit(frames);
    assertTrue(Files.exists(Path.of(dir.toString(), "run", "metrics.jsonl")));
    Dataset<Row> test = spark.read().parquet(TrainData.framesVersion(spark, f.testFrames()).toString()).limit(3);
    List<Row> answered = model.setMaxNewTokens(8).transform(test).select("row_key", "output", "reasoning", "answer")
        .collectAsList();
    assertEquals(3, answered.size());

    model.write().overwrite().save(dir.resolve("model").toString());
    TGrpoModel loaded = TGrpoModel.load(dir.resolve("model").toString());
    assertEquals(model.uid(), loaded.uid());
    assertEquals(8, (int) loaded.getOrDefault(loaded.maxNewTokens()));
    assertTrue(Files.exists(Path.of(loaded.getModelPath(), "model.safetensors")));
    List<Row> again = loaded.transform(test).select("row_key", "output", "reasoning", "answer").collectAsList();
    assertEquals(sorted(answered), sorted(again), "the loaded model answers exactly as the saved one");
  }

  private static List<String> sorted(List<Row> rows) {
    return rows.stream().map(Row::toString).sorted().toList();
  }
}
