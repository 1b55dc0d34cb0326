package io.videor1.train.grpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.prompt.PromptMeta;
import io.videor1.rl.GroupAdvantages;
import io.videor1.rl.RlOptions;
import io.videor1.testing.SparkTestSession;
import io.videor1.testing.TinyTraining;
import io.videor1.train.data.TrainData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each non-reference {@code train.temporal_mode} trains one step end to end on the tiny fixture (B = 2, G = 4) and
 * writes what it did: the ledger's temporal_score and prompt_weight columns and the metrics' temporal keys. The
 * reference mode's records are TGrpoTrainerIT's, unchanged.
 */
class TemporalModesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Map<String, PromptMeta> prompts;

  @BeforeAll
  static void prompts() throws Exception {
    prompts = TrainData.load(SparkTestSession.get(), TinyTraining.get().frames()).stream()
        .collect(Collectors.toMap(PromptMeta::promptId, m -> m, (a, b) -> a));
  }

  /** Runs one step in {@code mode}; its ledger rows grouped by group id, and its metrics line. */
  private record Run(Map<String, List<Row>> groups, JsonNode metrics, List<String> columns) {}

  private static Run run(Path dir, String mode) throws Exception {
    SparkSession spark = SparkTestSession.get();
    String out = dir.resolve(mode).toString();
    TGrpoTrainer.train(spark, TinyTraining.train(out, "train.steps=1", "train.temporal_mode=" + mode), System.err);
    List<Row> rows = spark.read().parquet(out + "/ledger").collectAsList();
    Map<String, List<Row>> groups = new HashMap<>();
    for (Row r : rows) {
      groups.computeIfAbsent(r.getAs("group_id"), k -> new java.util.ArrayList<>()).add(r);
    }
    List<String> lines = Files.readAllLines(Path.of(out, "metrics.jsonl"));
    assertEquals(1, lines.size());
    System.err.println("TemporalModesIT " + mode + ": " + lines.get(0));
    return new Run(groups, JSON.readTree(lines.get(0)), Arrays.asList(rows.get(0).schema().fieldNames()));
  }

  private static List<Row> ordered(List<Row> group) {
    return group.stream().filter(r -> !(boolean) r.getAs("shuffled"))
        .sorted((a, b) -> Integer.compare(a.getAs("sample_index"), b.getAs("sample_index"))).toList();
  }

  private static double[] column(List<Row> rows, String name) {
    return rows.stream().mapToDouble(r -> r.<Double>getAs(name)).toArray();
  }

  private static void commonChecks(Run r, String mode) {
    assertTrue(r.columns().containsAll(List.of("temporal_score", "prompt_weight")), r.columns().toString());
    assertEquals(2, r.groups().size());
    assertEquals(mode, r.metrics().get("temporal_mode").asText());
    assertTrue(r.metrics().get("grad_norm").isNumber() && r.metrics().get("updated").asBoolean(), r.metrics()
        .toString());
  }

  /** The pass modes: no shuffled rollouts; a score on every ordered row of an order-dependent prompt, none else. */
  private static void passChecks(Run r, String mode) {
    commonChecks(r, mode);
    int scored = 0;
    for (List<Row> g : r.groups().values()) {
      assertEquals(4, g.size(), "G ordered rows, no shuffled ones");
      PromptMeta m = prompts.get(g.get(0).<String>getAs("prompt_id"));
      boolean expected = m.video() && (m.temporal() == null || m.temporal());
      for (Row row : g) {
        assertEquals(expected, row.getAs("temporal_score") != null, mode + " " + m.promptId());
        assertEquals(null, (Object) row.getAs("prompt_weight"));
        scored += expected ? 1 : 0;
      }
    }
    assertEquals(scored, r.metrics().get("temporal_scored").asInt());
    assertTrue(r.metrics().get("seconds").has("order_pass"), r.metrics().get("seconds").toString());
  }

  @Test
  void eachModeTrainsAndWritesWhatItDid(@TempDir Path dir) throws Exception {
    RlOptions std = RlOptions.defaults();

    Run control = run(dir, "prompt_weight");
    commonChecks(control, "prompt_weight");
    for (List<Row> g : control.groups().values()) {
      assertEquals(4 + 2, g.size(), "the control still samples G/2 on shuffled frames");
      List<Row> ord = ordered(g);
      double p = Arrays.stream(column(ord, "accuracy")).average().orElseThrow();
      double pShuffled = g.stream().filter(x -> (boolean) x.getAs("shuffled"))
          .mapToDouble(x -> x.<Double>getAs("accuracy")).average().orElseThrow();
      double w = Math.max(p - pShuffled, 0.1);
      double[] grpo = GroupAdvantages.compute(column(ord, "total_reward"), std);
      for (int i = 0; i < 4; i++) {
        assertEquals(w, ord.get(i).<Double>getAs("prompt_weight"), 1e-12);
        assertEquals(w * grpo[i], ord.get(i).<Double>getAs("advantage"), 1e-9);
        assertEquals(0.0, ord.get(i).<Double>getAs("temporal_bonus"));
      }
    }
    assertTrue(control.metrics().get("prompt_weight_mean").asDouble() >= 0.1);

    Run lr = run(dir, "likelihood_ratio");
    passChecks(lr, "likelihood_ratio");
    assertTrue(lr.metrics().get("temporal_scored").asInt() > 0, "the fixture has order-dependent prompts");
    for (List<Row> g : lr.groups().values()) {
      for (Row row : ordered(g)) {
        double bonus = row.getAs("temporal_bonus");
        assertTrue(bonus == 0 || (double) row.getAs("accuracy") > 0.1, "only correct answers get the bonus");
        assertTrue(Math.abs(bonus) <= 2 * 0.3 + 1e-12);
        assertEquals((double) row.getAs("accuracy") + (double) row.getAs("format") + (double) row.getAs(
            "length_bonus") + bonus, (double) row.getAs("total_reward"), 1e-12);
      }
      double[] a = GroupAdvantages.compute(column(ordered(g), "total_reward"), std);
      assertTrue(Arrays.equals(a, column(ordered(g), "advantage")), "GRPO's advantages of the rewards with bonus");
    }

    Run contrast = run(dir, "contrast_kl");
    commonChecks(contrast, "contrast_kl");
    assertTrue(!contrast.metrics().get("seconds").has("order_pass"), "no teacher-forced order pass in this mode");
    for (List<Row> g : contrast.groups().values()) {
      assertEquals(4, g.size(), "G ordered rows, no shuffled ones");
      for (Row row : g) {
        // the KL of each correct answer of a group the term ran on; none for a wrong one
        assertTrue(row.getAs("temporal_score") == null || (double) row.getAs("accuracy") > 0.1);
      }
      double[] a = GroupAdvantages.compute(column(ordered(g), "total_reward"), std);
      assertTrue(Arrays.equals(a, column(ordered(g), "advantage")), "GRPO's advantages");
    }

    Run answer = run(dir, "answer_contrast");
    commonChecks(answer, "answer_contrast");
    assertTrue(!answer.metrics().get("seconds").has("order_pass"), "no teacher-forced order pass in this mode");
    for (List<Row> g : answer.groups().values()) {
      assertEquals(4, g.size(), "G ordered rows, no shuffled ones");
      // the group's one gap Δ on each of its correct rows, none on a wrong one
      List<Double> scores = g.stream().filter(row -> row.getAs("temporal_score") != null)
          .map(row -> row.<Double>getAs("temporal_score")).distinct().toList();
      assertTrue(scores.size() <= 1, scores.toString());
      for (Row row : g) {
        assertTrue(row.getAs("temporal_score") == null || (double) row.getAs("accuracy") > 0.1);
      }
      double[] a = GroupAdvantages.compute(column(ordered(g), "total_reward"), std);
      assertTrue(Arrays.equals(a, column(ordered(g), "advantage")), "GRPO's advantages");
    }

    Run keys = run(dir, "key_tokens");
    passChecks(keys, "key_tokens");
    for (List<Row> g : keys.groups().values()) {
      double[] a = GroupAdvantages.compute(column(ordered(g), "total_reward"), std);
      assertTrue(Arrays.equals(a, column(ordered(g), "advantage")), "GRPO's advantages, applied to key tokens");
      assertTrue(Arrays.stream(column(ordered(g), "temporal_bonus")).allMatch(b -> b == 0));
    }
  }
}
