package io.videor1.train.sft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.conf.ConfigLoader;
import io.videor1.testing.SparkTestSession;
import io.videor1.testing.TinyTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SFT on Spark: the reference's whole-conversation loss, checkpoints, and what a second run of a directory does. */
class SftTrainerIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SftConfig config(String out, String... sets) {
    TinyTraining.Fixture f = TinyTraining.get();
    List<String> all = new java.util.ArrayList<>(List.of("sft.preset=tiny", "sft.frames=" + f.frames(), "sft.cot="
        + f.cot(), "sft.model=" + f.sftModel(), "sft.out=" + out, "sft.steps=3", "sft.warmup_steps=0",
        "sft.batch_size=3", "sft.checkpoint_every=2"));
    all.addAll(List.of(sets));
    return ConfigLoader.load("sft", all, SftConfig::from);
  }

  @Test
  void referenceLossTrainsAndCheckpoints(@TempDir Path dir) throws Exception {
    String out = dir.resolve("sft").toString();
    SftTrainer.Result r = SftTrainer.train(SparkTestSession.get(), config(out, "sft.loss_on=all"), System.err);
    assertEquals(3, r.lastStep());
    List<String> lines = Files.readAllLines(Path.of(out, "metrics.jsonl"));
    assertEquals(3, lines.size());
    for (String l : lines) {
      JsonNode n = JSON.readTree(l);
      assertTrue(Double.isFinite(n.get("loss").asDouble()) && n.get("grad_norm").isNumber(), l);
      assertTrue(n.get("tokens").asInt() > 3 * 100, "the whole conversation counts: " + l);
    }
    assertTrue(Files.exists(Path.of(out, "checkpoints/step-00000002/_COMPLETE")));
    assertTrue(Files.exists(Path.of(out, "checkpoints/step-00000003/optimizer.safetensors")));
    assertTrue(Files.exists(Path.of(out, "model/model.safetensors")));

    io.videor1.conf.ConfigError e = assertThrows(io.videor1.conf.ConfigError.class,
        () -> SftTrainer.train(SparkTestSession.get(), config(out, "sft.loss_on=all"), System.err));
    assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    SftTrainer.Result again = SftTrainer.train(SparkTestSession.get(),
        config(out, "sft.loss_on=all", "sft.resume=true"), System.err);
    assertEquals(3, again.lastStep(), "a finished run resumes to its end and only re-exports");
    assertEquals(3, Files.readAllLines(Path.of(out, "metrics.jsonl")).size());
  }
}
