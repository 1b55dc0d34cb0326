package io.videor1.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Evaluation-time scores of spec §7.2–§7.3. */
class EvalScorerTest {
  private static final RewardOptions REF = RewardOptions.defaults();

  private static double eval(ProblemType type, String output, String gt) {
    return EvalScorer.score(type, output, "<answer>" + gt + "</answer>", List.of(), REF);
  }

  @Test
  void mraWorkedExamples() {
    assertEquals(0.5, MeanRelativeAccuracy.score("2.0", "2.5"));
    assertEquals(0.0, MeanRelativeAccuracy.score("2.0", "3.0"));
    assertEquals(1.0, MeanRelativeAccuracy.score("0", "0"), "the ε in the denominator only");
    assertEquals(0.0, MeanRelativeAccuracy.score("2.0", "two"));
    assertEquals(0.0, MeanRelativeAccuracy.score("2.0", "nan"));
    assertEquals(0.0, MeanRelativeAccuracy.score("2.0", "1e300"), "overflows float32 to inf");
  }

  @Test
  void mraIsComputedInFloat32LikeTheReference() {
    // Values from a float32 emulation of eval_bench.py's torch code; a double computation gives the second number.
    assertEquals((double) 0.9f, MeanRelativeAccuracy.of(0.95, 1), "double arithmetic would give 1.0");
    assertEquals((double) 0.8f, MeanRelativeAccuracy.of(1.1, 1), "double arithmetic would give 0.9");
    assertEquals((double) 0.7f, MeanRelativeAccuracy.of(0.85, 1), "double arithmetic would give 0.8");
    assertEquals((double) 0.3f, MeanRelativeAccuracy.of(1.35, 1), "double arithmetic would give 0.4");
    assertEquals(0.30000001192092896, MeanRelativeAccuracy.of(1.35, 1), "the float32 mean, widened");
    assertEquals((double) 0.7f, MeanRelativeAccuracy.of(2.3, 2.0));
  }

  @Test
  void perItemScores() {
    assertEquals(1.0, eval(ProblemType.MULTIPLE_CHOICE, "<think>x</think><answer>C</answer>", "C"));
    assertEquals(1.0, eval(ProblemType.MULTIPLE_CHOICE, "  C \n", "C"), "fallback to the stripped raw output");
    assertEquals(0.0, eval(ProblemType.MULTIPLE_CHOICE, "The answer is C", "C"));
    assertEquals(1.0, eval(ProblemType.NUMERICAL, "42", "42"), "fallback to raw output");
    assertEquals(0.0, eval(ProblemType.NUMERICAL, "42.0", "42"));
    assertEquals(0.5, eval(ProblemType.REGRESSION, "<answer>2.5</answer>", "2.0"));
    assertEquals(0.5, eval(ProblemType.REGRESSION, "2.5", "2.0"));
    assertEquals(0.0, eval(ProblemType.OCR, "<answer>hello</answer>", "hello"), "not scored at evaluation");
    assertEquals(0.0, eval(ProblemType.FREE_FORM, "<answer>a cat</answer>", "a cat"));
    assertEquals(0.0, eval(ProblemType.MULTIPLE_CHOICE, "<answer>error</answer>", "A"));
  }

  @Test
  void evalOptions() {
    RewardOptions noFallback = REF.withEvalFallbackToRawOutput(false);
    assertEquals(0.0, EvalScorer.score(ProblemType.NUMERICAL, "42", "<answer>42</answer>", List.of(), noFallback));
    RewardOptions text = REF.withEvalScoresTextTypes(true);
    assertEquals(1.0, EvalScorer.score(ProblemType.OCR, "<answer>hello</answer>", "<answer>hello</answer>", List.of(),
        text));
    assertEquals(2.0 / 3, EvalScorer.score(ProblemType.FREE_FORM, "dog", "<answer>dog</answer>", List.of(), text),
        1e-15);
  }

  @Test
  void benchmarkCombination() {
    OptionalDouble acc = OptionalDouble.of(0.4);
    OptionalDouble mra = OptionalDouble.of(0.3);
    assertEquals(0.35, EvalScorer.benchmarkScore(acc, mra, true).orElseThrow(), 1e-15);
    assertEquals(0.4, EvalScorer.benchmarkScore(acc, mra, false).orElseThrow());
    assertEquals(0.3, EvalScorer.benchmarkScore(OptionalDouble.empty(), mra, true).orElseThrow());
    assertTrue(EvalScorer.benchmarkScore(OptionalDouble.empty(), OptionalDouble.empty(), true).isEmpty());
    assertEquals(0.5, EvalScorer.perTaskMean(Map.of("count", 0.2, "distance", 0.8)).orElseThrow(), 1e-15);
  }

  @Test
  void lengthBonusNeedsTwoCorrectAndTheInclusiveWindow() {
    double[] acc = {1, 1, 0, 1, 0, 0, 0, 1};
    int[] len = {300, 400, 350, 512, 600, 200, 330, 513};
    double[] b = LengthBonus.bonuses(acc, len, 0.1, 2, 320, 512, 0.2);
    assertEquals(List.of(0.0, 0.2, 0.0, 0.2, 0.0, 0.0, 0.0, 0.0), toList(b));
    // One correct completion only: no bonus (the reference's |S| > 1); the paper's rule (minCorrect 1) gives it.
    double[] one = {0.5, 0.05, 0.1};
    int[] inWindow = {320, 320, 320};
    assertEquals(List.of(0.0, 0.0, 0.0), toList(LengthBonus.bonuses(one, inWindow, 0.1, 2, 320, 512, 0.2)));
    assertEquals(List.of(0.2, 0.0, 0.0), toList(LengthBonus.bonuses(one, inWindow, 0.1, 1, 320, 512, 0.2)));
  }

  private static List<Double> toList(double[] a) {
    return java.util.Arrays.stream(a).boxed().toList();
  }
}
