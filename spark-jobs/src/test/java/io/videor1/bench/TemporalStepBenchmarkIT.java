package io.videor1.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.prompt.PromptMeta;
import io.videor1.reward.AnswerExtractor;
import io.videor1.testing.SparkTestSession;
import io.videor1.testing.TinyTraining;
import io.videor1.train.grpo.FixedRollouts;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench temporal-step} on the tiny fixture (B = 2, G = 4, 2 batches): the JSON holds every mode's figures,
 * and the published mode's advantages are GRPO's on the groups of mixed correctness (cosine 1), as the theory in
 * docs/training.md says, while every other part of the machinery (order pass, contrast pass, updates, gold gaps) runs.
 *
 * <p>The fixture's model has had 3 SFT steps and never writes an answer tag, so no sampled group would be of mixed
 * correctness: the completions are written instead (per group two right answers with different reasoning and two
 * wrong ones; on the shuffled frames one of each), and everything after sampling is the benchmark's own path.
 */
class TemporalStepBenchmarkIT {
  @Test
  void everyModeReportsAndReferenceKeepsGrpoAdvantages(@TempDir Path dir) throws Exception {
    // a hot sampler, so that the barely trained fixture model answers some prompts right and some wrong
    var cfg = TinyTraining.train(dir.toString());
    long t0 = System.nanoTime();
    String json = TemporalStepBenchmark.json(TemporalStepBenchmark.run(SparkTestSession.get(),
        new TemporalStepBenchmark.Options(cfg, TinyTraining.get().testFrames(), 2, TemporalStepBenchmark.MODES, 4),
        new Answers(), System.err));
    System.err.printf("TemporalStepBenchmarkIT: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    System.err.println("TemporalStepBenchmarkIT: " + json);
    JsonNode f = new ObjectMapper().readTree(json);
    assertEquals(2, f.get("batches").asInt());
    assertTrue(f.get("mixed_responses").asInt() > 0, "no group of mixed correctness: " + json);
    JsonNode modes = f.get("modes");
    assertEquals(TemporalStepBenchmark.MODES, iterable(modes));
    for (String m : TemporalStepBenchmark.MODES) {
      JsonNode mode = modes.get(m);
      for (String key : List.of("gold_gap_gain", "gold_gap_gain_vs_grpo", "gold_ordered_gain",
          "gold_ordered_gain_vs_grpo", "gold_shuffled_gain", "gold_shuffled_gain_vs_grpo")) {
        JsonNode g = mode.get(key);
        assertTrue(g.get("mean").isNumber() && g.get("lo").isNumber() && g.get("hi").isNumber(), m + " " + key);
        assertTrue(g.get("lo").asDouble() <= g.get("mean").asDouble()
            && g.get("mean").asDouble() <= g.get("hi").asDouble(), m + " " + key);
      }
      assertTrue(mode.get("advantage_cosine").isNumber(), m);
      // the gap's change is its ordered side's change minus its shuffled side's
      for (String key : List.of("_gain", "_gain_vs_grpo")) {
        assertEquals(mode.get("gold_gap" + key).get("mean").asDouble(), mode.get("gold_ordered" + key).get("mean")
            .asDouble() - mode.get("gold_shuffled" + key).get("mean").asDouble(), 1e-9, m + key);
      }
    }
    assertEquals(1.0, modes.get("reference").get("advantage_cosine").asDouble(), 1e-9);
    assertEquals(1.0, modes.get("grpo").get("advantage_cosine").asDouble(), 1e-12);
    assertEquals(0.0, modes.get("grpo").get("gold_gap_gain_vs_grpo").get("mean").asDouble(), 0.0);
    // GRPO's advantages on the ordered completions, plus a gradient pass over the shuffled ones (one right, one wrong)
    assertEquals(1.0, modes.get("shuffled_negative").get("advantage_cosine").asDouble(), 1e-12);
    assertTrue(modes.get("shuffled_negative").get("gradient_cosine").asDouble() < 1 - 1e-6, json);
    // GRPO's advantages, plus the bare answer's order contrast of each group with a right answer
    assertEquals(1.0, modes.get("answer_contrast").get("advantage_cosine").asDouble(), 1e-12);
    assertTrue(modes.get("answer_contrast").get("gradient_cosine").asDouble() < 1 - 1e-6, json);
  }

  @Test
  void aWarmUpMovesTheStartingPointOfEveryMeasuredUpdate(@TempDir Path dir) throws Exception {
    var cfg = TinyTraining.train(dir.toString());
    List<JsonNode> runs = new java.util.ArrayList<>();
    for (int warmup : new int[] {0, 1}) {
      runs.add(new ObjectMapper().readTree(TemporalStepBenchmark.json(TemporalStepBenchmark.run(
          SparkTestSession.get(), new TemporalStepBenchmark.Options(cfg, TinyTraining.get().testFrames(), 1,
              List.of("grpo"), 4, warmup), new Answers(), System.err))));
    }
    double cold = runs.get(0).at("/modes/grpo/gold_gap_gain/mean").asDouble();
    double warm = runs.get(1).at("/modes/grpo/gold_gap_gain/mean").asDouble();
    // the same batch and the same written rollouts: only the warm weights and moments can tell the two apart
    assertTrue(Double.isFinite(cold) && Double.isFinite(warm), runs.toString());
    assertTrue(cold != warm, "the warm-up step changed nothing: " + runs);
    assertEquals(runs.get(0).get("mixed_responses"), runs.get(1).get("mixed_responses"));
  }

  /** Two right and two wrong answers per ordered group, one of each per shuffled group. */
  private static final class Answers implements FixedRollouts.Written {
    @Override
    public List<String> ordered(PromptMeta m) {
      return List.of(right(m, "red, then blue."), wrong(m, "blue."), right(m, "blue."), wrong(m, "red, then red."));
    }

    @Override
    public List<String> shuffled(PromptMeta m) {
      return List.of(wrong(m, "red."), right(m, "blue, then red."));
    }

    private static String right(PromptMeta m, String why) {
      return "<think>" + why + "</think>\n" + m.solution();
    }

    private static String wrong(PromptMeta m, String why) {
      String gold = AnswerExtractor.extract(m.solution());
      return "<think>" + why + "</think>\n<answer>" + (gold.equals("A") ? "B" : "A") + "</answer>";
    }
  }

  private static List<String> iterable(JsonNode n) {
    List<String> out = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
