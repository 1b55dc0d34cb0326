package io.videor1.train.grpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.conf.ConfigLoader;
import io.videor1.model.generate.Completion;
import io.videor1.prompt.PromptMeta;
import io.videor1.prompt.Question;
import io.videor1.rl.GroupAdvantages;
import io.videor1.rl.RolloutGroup;
import io.videor1.rl.TGrpoRewards;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * A sampled group scored in each {@code train.temporal_mode} (no Spark, no model): the mode's advantages reach the
 * gradient pass and the ledger rows, with the temporal score and prompt weight, and the reference mode's rows carry
 * neither and keep T-GRPO's rewards.
 */
class GroupScoringTest {
  private static final String RIGHT = "<think>the red one came first</think><answer>A</answer>";
  private static final String WRONG = "<think>the blue one</think><answer>B</answer>";

  private static TGrpoConfig cfg(String mode) {
    return ConfigLoader.load("train", List.of("train.frames=f", "train.model=m", "train.out=o",
        "train.num_generations=4", "train.temporal_mode=" + mode), TGrpoConfig::from);
  }

  private static Completion c(String text, int tokens, long seed) {
    return new Completion(new int[tokens], text, new float[tokens], Completion.FinishReason.STOP, seed);
  }

  /** Ordered: right, right, wrong, wrong; shuffled (when sampled): right, wrong. */
  private static RolloutTask.Sampled sampled(boolean shuffled) {
    PromptMeta m = PromptMeta.builder().setRowKey("rk").setProblemId(5).setSize(56, 56).optTemporal(true)
        .optSolution("<answer>A</answer>").setQuestion(new Question("Which colour came first?", "multiple choice",
            List.of("A. red", "B. blue"), "video")).build();
    List<Completion> ord = List.of(c(RIGHT, 3, 1), c(RIGHT, 2, 2), c(WRONG, 2, 3), c(WRONG, 1, 4));
    List<Completion> shuf = shuffled ? List.of(c(RIGHT, 2, 5), c(WRONG, 2, 6)) : List.of();
    return new RolloutTask.Sampled(new Tuple2<>(0, m), null, ord, shuf, null);
  }

  private static double[] advantages(GroupScoring.Scored s) {
    List<Double> a = new ArrayList<>();
    s.rows().stream().filter(r -> !r.shuffled()).forEach(r -> a.add(r.advantage()));
    return a.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void theReferenceModeKeepsTGrpoRewardsAndWritesNoTemporalFields() {
    TGrpoConfig cfg = cfg("reference");
    GroupScoring.Scored s = GroupScoring.score(sampled(true), null, cfg, 1, 0);
    double[] expected = GroupAdvantages.compute(TGrpoRewards.assemble(List.of(new RolloutGroup(new double[] {1, 1, 0,
        0}, new double[] {1, 1, 1, 1}, new int[] {3, 2, 2, 1}, new double[] {1, 0}, true)), cfg.rl()).get(0).total(),
        cfg.rl());
    assertArrayEquals(expected, advantages(s), 0);
    assertEquals(0.3, s.rows().get(0).temporalBonus(), "p 0.5 >= 0.8 p~ 0.5: the published bonus");
    assertTrue(s.rows().stream().allMatch(r -> r.temporalScore() == null && r.promptWeight() == null));
    assertNull(s.tokenScale());
  }

  @Test
  void theControlWeightsTheGroupAndLedgersItsWeight() {
    GroupScoring.Scored s = GroupScoring.score(sampled(true), null, cfg("prompt_weight"), 1, 0);
    double[] grpo = GroupAdvantages.compute(new double[] {2, 2, 1, 1}, cfg("prompt_weight").rl());
    for (int i = 0; i < 4; i++) {
      assertEquals(0.1 * grpo[i], advantages(s)[i], 1e-12, "p - p~ = 0: the floor");
      assertEquals(0.1, s.rows().get(i).promptWeight());
      assertEquals(0.0, s.rows().get(i).temporalBonus());
      assertEquals((float) (0.1 * grpo[i]), s.advantages()[i]);
    }
    assertTrue(s.rows().stream().filter(LedgerRow::shuffled).allMatch(r -> r.promptWeight() == null));
  }

  @Test
  void likelihoodRatioPrefersTheCorrectAnswerThatLeantOnTheOrder() {
    double[][] gaps = {{0.1, 0.2, 0.0}, {1.5, 2.5}, {3, 3}, {0}};
    GroupScoring.Scored s = GroupScoring.score(sampled(false), gaps, cfg("likelihood_ratio"), 1, 0);
    assertEquals(4, s.rows().size(), "no shuffled rollouts in this mode");
    assertEquals(0.1, s.rows().get(0).temporalScore(), 1e-12);
    assertEquals(2.0, s.rows().get(1).temporalScore(), 1e-12);
    assertTrue(advantages(s)[1] > advantages(s)[0], "the larger gap among the correct answers wins");
    assertTrue(advantages(s)[0] > advantages(s)[2]);
    assertEquals(0.0, s.rows().get(2).temporalBonus(), "a wrong answer's gap earns nothing");
    assertNull(s.tokenScale());
  }

  @Test
  void contrastKlMarksTheCorrectCompletionsAndItsKlBecomesTheirTemporalScore() {
    RolloutTask.Sampled base = sampled(false);
    RolloutTask.Sampled withShuffled = new RolloutTask.Sampled(base.prompt(), null, base.ordered(), List.of(), null,
        io.videor1.model.preprocess.ModelInputs.text(new int[] {1, 2}));
    GroupScoring.Scored s = GroupScoring.score(withShuffled, null, cfg("contrast_kl"), 1, 0);
    assertArrayEquals(new boolean[] {true, true, false, false}, s.contrastRows());
    assertArrayEquals(GroupAdvantages.compute(new double[] {2, 2, 1, 1}, cfg("contrast_kl").rl()), advantages(s), 0);
    PromptResult r = s.result(true, 0.5, 0.01, new double[] {0.2, 0.3, Double.NaN, Double.NaN});
    assertEquals(0.3, r.rows().get(1).temporalScore());
    assertNull(r.rows().get(2).temporalScore());
    assertNull(GroupScoring.score(base, null, cfg("contrast_kl"), 1, 0).contrastRows(), "no shuffled frames: no term");
  }

  @Test
  void answerContrastTakesTheFirstCorrectCompletionsAnswerElementAndKeepsGrpoAdvantages() {
    RolloutTask.Sampled base = sampled(false);
    List<Completion> ord = List.of(c(WRONG, 2, 1), c("<think>red</think><answer> A </answer> and more", 3, 2),
        c(RIGHT, 2, 3), c(WRONG, 1, 4));
    RolloutTask.Sampled s = new RolloutTask.Sampled(base.prompt(), null, ord, List.of(), null,
        io.videor1.model.preprocess.ModelInputs.text(new int[] {1, 2}));
    GroupScoring.Scored scored = GroupScoring.score(s, null, cfg("answer_contrast"), 1, 0);
    assertEquals("<answer>A</answer>", scored.contrastAnswer(), "the body the reward read, stripped, re-tagged");
    assertNull(scored.contrastRows(), "no contrast-KL term");
    // the second is right but ill-formatted (text after the answer): accuracy 1, format 0
    assertArrayEquals(GroupAdvantages.compute(new double[] {1, 1, 2, 1}, cfg("answer_contrast").rl()),
        advantages(scored), 0);
    RolloutTask.Sampled allWrong = new RolloutTask.Sampled(base.prompt(), null, List.of(c(WRONG, 2, 1),
        c(WRONG, 2, 2)), List.of(), null, io.videor1.model.preprocess.ModelInputs.text(new int[] {1, 2}));
    assertNull(GroupScoring.score(allWrong, null, cfg("answer_contrast"), 1, 0).contrastAnswer(),
        "no correct completion: no answer to contrast");
    assertNull(GroupScoring.score(base, null, cfg("answer_contrast"), 1, 0).contrastAnswer(),
        "no shuffled frames (not order-dependent): no term");
    assertNull(GroupScoring.score(s, null, cfg("contrast_kl"), 1, 0).contrastAnswer(), "only in its own mode");
  }

  @Test
  void keyTokensHandTheirTokenScaleToTheGradientPass() {
    double[][] gaps = {{0.1, -2, 0.0}, {1.5, 2.5}, {3, 3}, {0}};
    GroupScoring.Scored s = GroupScoring.score(sampled(false), gaps, cfg("key_tokens"), 1, 0);
    assertArrayEquals(new double[] {0, 3, 0}, s.tokenScale()[0], 0);
    assertArrayEquals(GroupAdvantages.compute(new double[] {2, 2, 1, 1}, cfg("key_tokens").rl()), advantages(s), 0);
    GroupScoring.Scored none = GroupScoring.score(sampled(false), null, cfg("key_tokens"), 1, 0);
    assertNull(none.tokenScale(), "no pass ran: every token");
    assertTrue(none.rows().stream().allMatch(r -> r.temporalScore() == null));
  }

  @Test
  void shuffledNegativeTrainsTheShuffledCompletionsAgainstTheAnswerThatSurvivedTheShuffle() {
    RolloutTask.Sampled base = sampled(true);
    RolloutTask.Sampled withFrames = new RolloutTask.Sampled(base.prompt(), null, base.ordered(), base.shuffled(),
        null, io.videor1.model.preprocess.ModelInputs.text(new int[] {1, 2}));
    TGrpoConfig cfg = cfg("shuffled_negative");
    GroupScoring.Scored s = GroupScoring.score(withFrames, null, cfg, 1, 0);
    assertArrayEquals(GroupAdvantages.compute(new double[] {2, 2, 1, 1}, cfg.rl()), advantages(s), 0,
        "GRPO's advantages on the ordered completions");
    double[] shuffled = GroupAdvantages.compute(new double[] {1, 0}, cfg.rl());
    assertTrue(shuffled[0] > 0);
    float[] expected = {(float) (-shuffled[0] * 2 / 4), (float) (-shuffled[1] * 2 / 4)};
    assertArrayEquals(expected, s.shuffledAdvantages(), 0, "negated, each weighing as an ordered completion");
    assertTrue(s.trainsShuffled());
    List<LedgerRow> shufRows = s.rows().stream().filter(LedgerRow::shuffled).toList();
    assertEquals(expected[0], shufRows.get(0).advantage(), 1e-7, "the right answer on shuffled frames is pushed down");
    assertNull(GroupScoring.score(base, null, cfg, 1, 0).shuffledAdvantages(), "no shuffled frames kept: not trained");
    assertNull(GroupScoring.score(withFrames, null, cfg("reference"), 1, 0).shuffledAdvantages());
  }
}
