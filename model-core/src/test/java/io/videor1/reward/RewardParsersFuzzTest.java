package io.videor1.reward;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.fuzz.Fuzzer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target of the answer extractor and every reward's number and text parsing, on mutants of real completions:
 * nothing throws and every reward and score stays in [0, 1]. The input is split on U+001F into completion, solution
 * and options; its {@code \\uXXXX} escapes are decoded so lone surrogates and NUL reach the parsers.
 */
class RewardParsersFuzzTest {
  private static final List<String> DICT = List.of("<think>", "</think>", "<answer>", "</answer>", "<answer",
      "</answer", "\u001F", "A.", "(B)", "B", "The answer is C", "1,234.5", "1e400", "-0", ".5", "1_000", "nan", "inf",
      "\uFF17", "\u0661", "½", "%", " ", "\n", "\\ud800", "\\u0000", "ies", "sses", "the", "cat");
  private static final RewardOptions[] MODES = {RewardOptions.defaults(),
      RewardOptions.fixed().withEvalScoresTextTypes(true)};

  @Test
  void rewardsStayInBounds() {
    List<byte[]> seeds = new ArrayList<>();
    for (String s : new String[] {
        "<think>x</think><answer>B</answer>\u001F<answer>B</answer>\u001FA. a\u001FB. b",
        "<think>so</think>\n<answer>3.50</answer>\u001F<answer>3.5</answer>",
        "<answer>2.5</answer>\u001F<answer>2.0</answer>", "The answer is (C).\u001F<answer>C</answer>\u001FC. x",
        "<think></think><answer>the cat sat on a mat</answer>\u001F<answer>the cat sat on the mat</answer>",
        "<answer>Hello  World!</answer>\u001F<answer>hello world</answer>"}) {
      seeds.add(s.getBytes(StandardCharsets.UTF_8));
    }
    Fuzzer.run("rewards", seeds, DICT, RewardParsersFuzzTest::check);
  }

  private static void check(byte[] input) {
    String[] parts = Fuzzer.unescaped(input).split("\u001F", -1);
    String completion = parts[0];
    String solution = parts.length > 1 ? parts[1] : "";
    List<String> options = parts.length > 2 ? Arrays.asList(parts).subList(2, parts.length) : List.of();
    for (RewardOptions o : MODES) {
      bound(FormatReward.score(completion), "format");
      for (ProblemType t : ProblemType.values()) {
        bound(AccuracyReward.score(t, completion, solution, options, o), "accuracy " + t);
        bound(EvalScorer.score(t, completion, solution, options, o), "eval " + t);
      }
      String pred = AnswerExtractor.extract(completion);
      String gt = AnswerExtractor.extract(solution);
      AnswerExtractor.extractForEval(completion, true);
      bound(NumericalMatch.score(gt, pred, o), "numerical");
      bound(RegressionReward.score(gt, pred, o), "regression");
      bound(ChoiceMatch.score(gt, pred, options, o), "choice");
    }
    bound(MeanRelativeAccuracy.score(solution, completion), "mra");
    bound(WordErrorRate.reward(solution, completion), "wer reward");
    bound(RougeScorer.freeFormReward(solution, completion), "rouge");
    PythonFloat.parse(completion);
    PythonFloat.normalizeNumber(completion);
  }

  private static void bound(double v, String what) {
    assertTrue(v >= 0 && v <= 1, what + " = " + v);
  }
}
