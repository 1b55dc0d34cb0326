package io.videor1.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Worked cases of spec §4.2 for each problem type, through whole completions, with the reference's edge cases. */
class AccuracyRewardTest {
  private static final RewardOptions REF = RewardOptions.defaults();

  private static double acc(String type, String answer, String gt) {
    return AccuracyReward.score(type, "<think>t</think><answer>" + answer + "</answer>", "<answer>" + gt + "</answer>",
        REF);
  }

  @Test
  void multipleChoiceIsExact() {
    assertEquals(1.0, acc("multiple choice", "B", "B"));
    assertEquals(1.0, acc("multiple choice", "  B\n", "B"));
    assertEquals(0.0, acc("multiple choice", "b", "B"));
    assertEquals(0.0, acc("multiple choice", "B.", "B"));
    assertEquals(0.0, acc("multiple choice", "(B)", "B"));
    assertEquals(0.0, AccuracyReward.score("multiple choice", "B", "<answer>B</answer>", REF), "no tags: empty answer");
    // Quirk kept: a solution without tags extracts to "", which an untagged completion matches.
    assertEquals(1.0, AccuracyReward.score("multiple choice", "no answer", "B", REF));
  }

  @Test
  void multipleChoiceNormalisationIsAnOption() {
    RewardOptions fix = REF.withChoiceNormalize(true);
    List<String> options = List.of("A. sits down", "B. leaves");
    String gt = "<answer>B</answer>";
    for (String answer : new String[] {"B", "b", "(B)", "B.", "B)", "B: leaves", "B. leaves", "leaves"}) {
      String completion = "<answer>" + answer + "</answer>";
      assertEquals(1.0, AccuracyReward.score(ProblemType.MULTIPLE_CHOICE, completion, gt, options, fix), answer);
      double ref = answer.equals("B") ? 1.0 : 0.0;
      assertEquals(ref, AccuracyReward.score(ProblemType.MULTIPLE_CHOICE, completion, gt, options, REF), answer);
    }
    for (String answer : new String[] {"A", "Both", "B leaves", "sits down", ""}) {
      String completion = "<answer>" + answer + "</answer>";
      assertEquals(0.0, AccuracyReward.score(ProblemType.MULTIPLE_CHOICE, completion, gt, options, fix), answer);
    }
  }

  @Test
  void numericalFollowsTheDecimalFlagAndTwoDecimalRule() {
    assertEquals(1.0, acc("numerical", "3.50", "3.5"));
    assertEquals(1.0, acc("numerical", "7", "7"));
    assertEquals(0.0, acc("numerical", "12.0", "12"), "flag mismatch");
    assertEquals(0.0, acc("numerical", "1234", "1,234"), "thousands separator sets the flag");
    assertEquals(1.0, acc("numerical", "1,234.0", "1234.00"), "commas deleted before parsing");
    assertEquals(1.0, acc("numerical", "3.14159", "3.14"), "2-decimal rounding");
    assertEquals(0.0, acc("numerical", "3.146", "3.14"));
    assertEquals(1.0, acc("numerical", "2.675", "2.67"), "2.675 is 2.67499999… in binary");
    assertEquals(1.0, acc("numerical", "0.125", "0.12"), "exact tie rounds half-to-even");
    assertEquals(0.0, acc("numerical", "0.125", "0.13"));
    assertEquals(1.0, acc("numerical", "0.135", "0.14"), "0.135 is 0.13500000000000000888 in binary");
    assertEquals(1.0, acc("numerical", "1_000", "1000"), "Python float accepts underscores");
    assertEquals(0.0, acc("numerical", "12 apples", "12"));
    assertEquals(0.0, acc("numerical", "", ""), "float('') fails");
    assertEquals(1.0, acc("numerical", "inf", "inf"), "round(inf, 2) == inf");
    assertEquals(0.0, acc("numerical", "nan", "nan"), "nan equals nothing");
    assertEquals(1.0, acc("numerical", "-0.001", "0.0"), "round(-0.001, 2) is -0.0 == 0.0");
    assertEquals(0.0, acc("numerical", "0x10", "16"));
  }

  @Test
  void numericalValueModeIsAnOption() {
    RewardOptions fix = REF.withNumericalDecimalFlag(false);
    assertEquals(1.0, NumericalMatch.score("12", "12.0", fix));
    assertEquals(1.0, NumericalMatch.score("1,234", "1234", fix));
    assertEquals(0.0, NumericalMatch.score("12", "12.5", fix));
  }

  @Test
  void ocrIsOneMinusWordErrorRate() {
    assertEquals(2.0 / 3, acc("OCR", "Hello word foo", "Hello world foo"), 1e-15);
    assertEquals(0.667, acc("OCR", "Hello word foo", "Hello world foo"), 5e-4);
    assertEquals(1.0, acc("OCR", "a  b\nc", "a b c"), "whitespace-split");
    assertEquals(2.0 / 3, acc("OCR", "hello world foo", "Hello world foo"), 1e-15, "case-sensitive");
    assertEquals(0.0, acc("OCR", "x y z w v", "a b"), "WER > 1 is clipped");
    assertEquals(1.0, acc("OCR", "", ""), "0 / max(1, 0)");
    assertEquals(0.0, acc("OCR", "", "a b"));
  }

  @Test
  void freeFormIsMeanRougeF() {
    assertEquals(0.756, acc("free-form", "the cat sat on a mat", "the cat sat on the mat"), 5e-4);
    assertEquals(0.0, acc("free-form", "", "the cat"));
    assertEquals(1.0, acc("free-form", "Running dogs!", "running dog"), 1e-15, "stemmed and lower-cased");
  }

  @Test
  void regressionIsOneMinusClippedRelativeError() {
    assertEquals(0.75, acc("regression", "2.5", "2.0"), 1e-8);
    assertEquals(0.75, acc("regression", "1.5", "2.0"), 1e-8);
    assertEquals(0.0, acc("regression", "5", "2"), "rel clipped to 1");
    assertEquals(1.0, acc("regression", "9.62", "9.62"), 1e-9);
    assertEquals(1.0, acc("regression", "1,000", "1000"), 1e-9);
    assertEquals(0.0, acc("regression", "0", "0"), "quirk: gt 0 gives rel = 1e-9 / 1e-9");
    assertEquals(0.0, acc("regression", "about 3", "3"));
    assertEquals(0.0, acc("regression", "", "3"));
    assertEquals(1.0, acc("regression", "nan", "3"), "quirk: Python max(0.0, nan) is 0.0");
    assertEquals(1.0, acc("regression", "5", "inf"), "quirk: inf / inf is nan");
    assertEquals(0.0, acc("regression", "inf", "3"));
  }

  @Test
  void regressionFixesAreOptions() {
    RewardOptions fix = RewardOptions.fixed();
    assertEquals(1.0, RegressionReward.score("0", "0", fix));
    assertEquals(0.0, RegressionReward.score("0", "0.5", fix));
    assertEquals(0.0, RegressionReward.score("3", "nan", fix));
    assertEquals(0.75, RegressionReward.score("2.0", "2.5", fix), 1e-8);
  }

  @Test
  void unknownTypesScoreZero() {
    assertEquals(0.0, acc("Multiple Choice", "A", "A"));
    assertEquals(0.0, acc("ocr", "a", "a"));
    assertEquals(0.0, acc("", "a", "a"));
    assertEquals(0.0, AccuracyReward.score((String) null, "<answer>a</answer>", "<answer>a</answer>", REF));
  }

  @Test
  void batchTypeFromFirstRecordIsAnOption() {
    List<String> types = List.of("multiple choice", "numerical");
    List<String> completions = List.of("<answer>A</answer>", "<answer>3.0</answer>");
    List<String> solutions = List.of("<answer>A</answer>", "<answer>3</answer>");
    RewardOptions mc = REF.withNumericalDecimalFlag(false);
    assertArrayEquals(new double[] {1.0, 1.0}, AccuracyReward.scoreBatch(types, completions, solutions, mc));
    // Reference: the second completion is scored as multiple choice ("3.0" != "3").
    assertArrayEquals(new double[] {1.0, 0.0},
        AccuracyReward.scoreBatch(types, completions, solutions, mc.withProblemTypeFromFirstInBatch(true)));
  }
}
