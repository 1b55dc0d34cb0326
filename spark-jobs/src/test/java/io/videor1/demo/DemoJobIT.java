package io.videor1.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.app.DemoCommand;
import io.videor1.conf.ConfigLoader;
import io.videor1.rl.BonusEffect;
import io.videor1.rl.RlOptions;
import io.videor1.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's pipeline at a toy size: every stage runs, summary.json has the promised shape, the plot exists. */
class DemoJobIT {
  @Test
  void demoWritesSummaryTableAndPlot(@TempDir Path dir) throws Exception {
    DemoConfig cfg = ConfigLoader.load("demo", List.of("demo.out=" + dir, "demo.seed=5", "demo.train_samples=16",
        "demo.test_samples=6", "demo.sft_steps=3", "demo.rl_steps=1", "demo.rl_prompts_per_step=2",
        "demo.rl_generations=2", "demo.rl_max_new_tokens=8", "demo.eval_max_new_tokens=8",
        "demo.sft_batch_size=4", "demo.sft_validation=4", "demo.sft_check_every=2", "demo.sft_target_accuracy=0.99",
        "demo.sft_extra=sft.warmup_steps=0"), DemoConfig::from);
    ByteArrayOutputStream table = new ByteArrayOutputStream();
    DemoJob.run(SparkTestSession.get(), cfg, new PrintStream(table, true, StandardCharsets.UTF_8), System.err);
    JsonNode s = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
    for (String k : List.of("accuracy", "accuracy_shuffled", "accuracy_blank")) {
      for (String m : List.of("sft", "tgrpo", "grpo")) {
        double a = s.get(k).get(m).asDouble();
        assertTrue(a >= 0 && a <= 1, k + "." + m + " = " + a);
        assertTrue(s.get("temporal_questions").get(k).has(m), "temporal_questions." + k + "." + m);
      }
    }
    for (String d : List.of("tgrpo_minus_sft", "tgrpo_minus_grpo_temporal", "sft_ordered_minus_blank",
        "tgrpo_temporal_ordered_minus_shuffled")) {
      JsonNode x = s.get("paired_differences").get(d);
      assertTrue(x.get("lo").asDouble() <= x.get("mean").asDouble() && x.get("mean").asDouble() <= x.get("hi")
          .asDouble(), d + " " + x);
    }
    assertEquals(6, s.get("paired_differences").get("tgrpo_minus_sft").get("n").asInt());
    double text = s.get("text_only_baseline").get("accuracy").asDouble();
    assertTrue(text >= 0 && text <= 1, "text-only baseline " + text);
    // the demo suite: one text per family, so every test text was seen in training
    assertEquals(6, s.get("text_only_baseline").get("test_texts_seen_in_training").asInt());
    assertTrue(s.get("text_only_baseline").get("distinct_training_texts").asInt() <= 3);
    assertTrue(s.get("by_type").fields().next().getValue().has("tgrpo"));
    assertEquals("report.html", s.get("report").asText());
    String report = Files.readString(dir.resolve("report.html"));
    assertTrue(report.contains("T-GRPO vs GRPO") && report.contains("data:image/png;base64,"), "charts inlined");
    assertTrue(report.contains("Held-out evaluation") && report.contains("all 6 questions"), "the table is in it");
    assertEquals(6 * 3, Files.readAllLines(dir.resolve("answers.jsonl")).size());
    // the one seed reaches every stage: the data, the model's initial weights, the SFT and both RL runs
    ObjectMapper json = new ObjectMapper();
    assertEquals(5, json.readTree(dir.resolve("data/_synth.json").toFile()).get("parameters").get("seed").asLong());
    JsonNode sft = json.readTree(dir.resolve("sft/run.json").toFile()).get("config");
    assertEquals(5, sft.get("run").get("seed").asLong());
    assertEquals(5, sft.get("initSeed").asLong());
    for (String algo : List.of("tgrpo", "grpo")) {
      JsonNode rl = json.readTree(dir.resolve(algo).resolve("run.json").toFile()).get("config").get("run");
      assertEquals(5, rl.get("seed").asLong(), algo);
      assertEquals(cfg.partitions(), rl.get("partitions").asInt(), algo + ": a fixed task count, not one per core");
    }
    assertEquals(5, s.get("config").get("seed").asLong());
    // the cold start's gate: a check after 2 steps, then the last at sft_steps (3), on 4 records held out of SFT
    JsonNode gate = s.get("sft");
    assertEquals(4, gate.get("validation_records").asInt());
    assertEquals(List.of(2, 3), List.of(gate.get("checks").get(0).get("step").asInt(),
        gate.get("checks").get(1).get("step").asInt()));
    assertEquals(3, gate.get("steps").asInt());
    assertEquals(12, json.readTree(dir.resolve("sft/run.json").toFile()).get("config").get("maxRecords").asInt(),
        "SFT trains on the 12 records the validation leaves");
    String printed = table.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("all 6 questions") && printed.contains("T-GRPO"), printed);
    // what the bonus did, read back from the ledgers: GRPO's carry none, T-GRPO's 1 step x 2 prompts are all there
    BonusEffect grpo = LedgerBonus.of(SparkTestSession.get(), dir.resolve("grpo").toString(), RlOptions.defaults());
    assertEquals(0, grpo.bonusGroups());
    assertEquals(0, grpo.meanAbsShift());
    BonusEffect tgrpo = LedgerBonus.of(SparkTestSession.get(), dir.resolve("tgrpo").toString(), RlOptions.defaults());
    assertEquals(2, tgrpo.groups(), tgrpo.toString());
    assertTrue(tgrpo.movedGroups() <= tgrpo.bonusGroups() && tgrpo.bonusGroups() <= 2, tgrpo.toString());
    // same seed, same SFT weights: the first step's ordered completions are the same in both runs
    assertEquals(0, LedgerBonus.firstDivergence(SparkTestSession.get(), dir.resolve("tgrpo").toString(),
        dir.resolve("grpo").toString()));
  }

  @Test
  void seedOptionSetsTheDemoSeed() {
    DemoCommand c = new DemoCommand();
    new picocli.CommandLine(c).parseArgs("--seed", "11", "--out", "x");
    DemoConfig cfg = c.config();
    assertEquals(11, cfg.seed());
    assertTrue(cfg.sftOverrides("f", "c", "o").containsAll(List.of("sft.seed=11", "sft.init_seed=11")));
    assertTrue(cfg.trainOverrides("f", "m", "o", true).contains("train.seed=11"));
    // without the option, conf/demo.conf's seed
    DemoCommand d = new DemoCommand();
    new picocli.CommandLine(d).parseArgs("--out", "x");
    assertEquals(ConfigLoader.defaults("demo").getLong("demo.seed"), d.config().seed());
  }
}
