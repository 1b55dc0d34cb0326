package io.videor1.train.grpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.conf.ConfigLoader;
import io.videor1.model.io.SafetensorsReader;
import io.videor1.testing.SparkTestSession;
import io.videor1.testing.TinyTraining;
import io.videor1.train.sft.SftConfig;
import io.videor1.train.sft.SftTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compute_dtype = f16}: executors train in half precision with float32 master weights and dynamic loss
 * scaling, a planted overflow skips its step, and a resumed run equals the uninterrupted one.
 */
class HalfPrecisionTrainIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * T-GRPO with float16 executors resumes bit for bit. The tiny fixture's rewards are all zero at first, so the first
   * step's gradient is zero; weight decay then moves the policy off the reference and the KL term's gradient, computed
   * in float16 and loss-scaled, reaches the float32 master weights.
   */
  @Test
  void halfPrecisionTGrpoTrainsAndResumesExactly(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    String[] f16 = {"train.compute_dtype=f16", "train.steps=3", "train.checkpoint_every=1"};
    String whole = dir.resolve("whole").toString();
    TGrpoTrainer.train(spark, TinyTraining.train(whole, f16), System.err);
    String cut = dir.resolve("cut").toString();
    TGrpoTrainer.train(spark, TinyTraining.train(cut, with(f16, "train.stop_after=2")), System.err);
    TGrpoTrainer.train(spark, TinyTraining.train(cut, with(f16, "train.resume=true")), System.err);

    List<JsonNode> lines = metrics(whole);
    assertEquals(3, lines.size());
    for (JsonNode l : lines) {
      assertEquals(65536.0, l.get("loss_scale").asDouble(), l.toString());
      assertFalse(l.get("skipped").asBoolean(), l.toString());
      assertTrue(l.get("updated").asBoolean() && Double.isFinite(l.get("loss").asDouble()), l.toString());
    }
    assertTrue(lines.get(2).get("grad_norm").asDouble() > 0, "the KL gradient in float16: " + lines.get(2));
    for (String f : List.of("trainable.safetensors", "optimizer.safetensors", "model/model.safetensors")) {
      assertArrayEquals(Files.readAllBytes(Path.of(whole, "checkpoints/step-00000003", f)),
          Files.readAllBytes(Path.of(cut, "checkpoints/step-00000003", f)), f);
    }
    try (SafetensorsReader r = SafetensorsReader.open(Path.of(whole, "checkpoints/step-00000003",
        "optimizer.safetensors"))) {
      assertEquals("65536.0", r.metadata().get("loss_scale"));
      assertEquals("3", r.metadata().get("loss_scale_growth_tracker"));
    }
    assertEquals(metricsWithoutTimes(whole), metricsWithoutTimes(cut));
  }

  /** A loss scale of 2^120 overflows float16's backward: both steps are skipped, the scale halving each time. */
  @Test
  void aPlantedOverflowSkipsTheStepAndBacksOffTheScale(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("sft");
    SftTrainer.train(SparkTestSession.get(), sft(out, "sft.loss_scale_init=" + Math.scalb(1.0, 120),
        "sft.checkpoint_every=1"), System.err);
    List<JsonNode> lines = metrics(out.toString());
    assertEquals(Math.scalb(1.0, 120), lines.get(0).get("loss_scale").asDouble());
    assertEquals(Math.scalb(1.0, 119), lines.get(1).get("loss_scale").asDouble(), "halved after the overflow");
    for (JsonNode l : lines) {
      assertTrue(l.get("skipped").asBoolean() && !l.get("updated").asBoolean(), l.toString());
      assertTrue(l.get("grad_norm").isNull(), l.toString());
    }
    Path ck = out.resolve("checkpoints/step-00000002");
    assertEquals(0, JSON.readTree(ck.resolve("trainer_state.json").toFile()).get("optimizer_steps").asInt());
    try (SafetensorsReader r = SafetensorsReader.open(ck.resolve("optimizer.safetensors"))) {
      assertEquals(Float.toString(Math.scalb(1f, 118)), r.metadata().get("loss_scale"));
      for (String n : r.names()) {
        for (float v : r.tensor(n).toFloats()) {
          assertEquals(0f, v, n + ": skipped steps leave the moments untouched");
        }
      }
    }
    assertEquals(0, maxChange(ck, TinyTraining.get().sftModel()), "and the weights");
  }

  /**
   * SFT with float16 executors: the cross-entropy's gradient moves the float32 master weights. At 2^16 the tied
   * embedding's summed gradient can overflow float16, as GradScaler's first steps often do: such a step is skipped
   * and the next one runs at half the scale.
   */
  @Test
  void sftInHalfPrecisionTrains(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("sft");
    SftTrainer.Result r = SftTrainer.train(SparkTestSession.get(), sft(out, "sft.steps=3", "sft.checkpoint_every=3"),
        System.err);
    assertTrue(Double.isFinite(r.lastLoss()) && r.lastLoss() > 0, "loss " + r.lastLoss());
    List<JsonNode> lines = metrics(out.toString());
    assertEquals(65536.0, lines.get(0).get("loss_scale").asDouble());
    assertTrue(lines.get(0).get("updated").asBoolean() && lines.get(0).get("grad_norm").asDouble() > 0);
    for (int i = 1; i < lines.size(); i++) {
      double was = lines.get(i - 1).get("loss_scale").asDouble();
      assertEquals(lines.get(i - 1).get("skipped").asBoolean() ? was / 2 : was,
          lines.get(i).get("loss_scale").asDouble(), lines.get(i).toString());
    }
    assertTrue(maxChange(out.resolve("checkpoints/step-00000003"), TinyTraining.get().sftModel()) > 0);
  }

  /** SFT steps (2 unless set) of 4 sequences from the fixture's SFT model with float16 executors. */
  private static SftConfig sft(Path out, String... more) {
    TinyTraining.Fixture f = TinyTraining.get();
    List<String> sets = new ArrayList<>(List.of("sft.preset=tiny", "sft.frames=" + f.frames(), "sft.cot=" + f.cot(),
        "sft.model=" + f.sftModel(), "sft.out=" + out, "sft.steps=2", "sft.warmup_steps=0", "sft.batch_size=4",
        "sft.compute_dtype=f16"));
    sets.addAll(List.of(more));
    return ConfigLoader.load("sft", sets, SftConfig::from);
  }

  /** The largest |change| of a checkpoint's master weights against the model it started from. */
  private static double maxChange(Path checkpoint, String start) throws Exception {
    double max = 0;
    try (SafetensorsReader now = SafetensorsReader.open(checkpoint.resolve("trainable.safetensors"));
        SafetensorsReader was = SafetensorsReader.open(Path.of(start, "model.safetensors"))) {
      for (String n : now.names()) {
        float[] a = now.tensor(n).toFloats();
        float[] b = was.tensor(n).toFloats();
        for (int i = 0; i < a.length; i++) {
          max = Math.max(max, Math.abs(a[i] - b[i]));
        }
      }
    }
    return max;
  }

  private static List<String> metricsWithoutTimes(String run) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode l : metrics(run)) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) l).remove("seconds");
      out.add(l.toString());
    }
    return out;
  }

  private static String[] with(String[] base, String more) {
    List<String> l = new ArrayList<>(List.of(base));
    l.add(more);
    return l.toArray(String[]::new);
  }

  private static List<JsonNode> metrics(String run) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(Path.of(run, "metrics.jsonl"))) {
      out.add(JSON.readTree(l));
    }
    return out;
  }
}
