package io.videor1.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.prompt.PromptMeta;
import io.videor1.prompt.Question;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run's figures from its evaluations, the cue reading and the comparisons' pairs, on hand-built values. */
class TemporalBenchRunTest {
  private static final long[] IDS = {4, 9};

  @Test
  void runFiguresAreMeansOfTheThreeEvaluations() {
    List<TemporalBenchEval.Scores> s = List.of(
        new TemporalBenchEval.Scores(36, IDS, new double[] {1, 0}, new double[] {0, 0}, new Double[] {0.0, 1.0}),
        new TemporalBenchEval.Scores(48, IDS, new double[] {1, 1}, new double[] {1, 0}, new Double[] {0.0, 0.0}),
        new TemporalBenchEval.Scores(60, IDS, new double[] {0, 1}, new double[] {0, 0}, new Double[] {1.0, null}));
    TemporalBenchRun.Result r = TemporalBenchRun.result(3, "reference", 60, s, Map.of());
    // accuracies 0.5, 1, 0.5 -> 2/3; shuffled 0, 0.5, 0 -> gaps 0.5, 0.5, 0.5
    assertEquals(2.0 / 3, r.temporalAccuracy(), 1e-12);
    assertEquals(0.5, r.orderGap(), 1e-12);
    // cue-following over the questions with a cue in each evaluation: 0.5, 0, 1 -> 0.5
    assertEquals(0.5, r.cueFollowing(), 1e-12);
    assertArrayEquals(new double[] {2.0 / 3, 2.0 / 3}, r.perQuestion(), 1e-12);
    assertEquals(List.of(36, 48, 60), r.evaluations().stream().map(TemporalBenchRun.Point::step).toList());
    // no cue anywhere: none
    List<TemporalBenchEval.Scores> plain = List.of(
        new TemporalBenchEval.Scores(36, IDS, new double[] {1, 0}, new double[] {0, 0}, new Double[] {null, null}));
    assertNull(TemporalBenchRun.result(1, "grpo", 60, plain, Map.of()).cueFollowing());
    // evaluations of other questions do not mix
    List<TemporalBenchEval.Scores> mixed = List.of(s.get(0), new TemporalBenchEval.Scores(48, new long[] {4, 10},
        new double[] {1, 1}, new double[] {1, 0}, new Double[] {0.0, 0.0}));
    assertThrows(IllegalStateException.class, () -> TemporalBenchRun.result(1, "grpo", 60, mixed, Map.of()));
  }

  @Test
  void anAnswerFollowsTheCueWhenItPicksTheCuesOption() {
    PromptMeta m = PromptMeta.builder().setRowKey("r").setProblemId(1).setQuestion(new Question(
        "Which colour is shown first?", "multiple choice", List.of("A. red", "B. green", "C. blue"), "video"))
        .optSolution("<answer>A</answer>").setSize(56, 56).build();
    assertTrue(TemporalBenchEval.followsCue(m, "<think>blue.</think>\n<answer>C</answer>", "C"));
    assertFalse(TemporalBenchEval.followsCue(m, "<think>red.</think>\n<answer>A</answer>", "C"));
    assertFalse(TemporalBenchEval.followsCue(m, "no answer", "C"));
  }

  @Test
  void everyNewModeMeetsGrpoAndTheControl() {
    List<String[]> p = TemporalBenchSummary.pairs(List.of("grpo", "reference", "prompt_weight", "likelihood_ratio"));
    assertEquals(List.of("reference-grpo", "reference-prompt_weight", "likelihood_ratio-grpo",
        "likelihood_ratio-prompt_weight", "prompt_weight-grpo"), p.stream().map(x -> x[0] + "-" + x[1]).toList());
    assertEquals(List.of("key_tokens-grpo"), TemporalBenchSummary.pairs(List.of("key_tokens", "grpo")).stream()
        .map(x -> x[0] + "-" + x[1]).toList());
  }
}
