package io.videor1.reward;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 100,000+ generated completions and solutions (random Unicode, huge strings, unbalanced and nested tags, numbers in
 * every format): every reward and score is in [0, 1], never NaN, and nothing throws.
 */
class RewardFuzzTest {
  private static final int CASES = 100_000;
  private static final String[] TAGS = {
    "<think>", "</think>", "<answer>", "</answer>", "<answer", "</answer", "<", ">", "/", "<think></think>",
    "<answer></answer>"
  };
  private static final String[] NUMBERS = {
    "0", "-0", "7", "12", "12.0", "3.5", "3.50", "1,234", "1,234.5", ",", ".", "1_000", "1__0", "_1", "1e5", "1E-5",
    "1e400", "-1e400", "4.9e-324", "inf", "-Infinity", "nan", "NaN", "0x1F", "1.5f", "2d", "\u0661\u0662",
    "\uFF17", "  9.62 ", "+.5", "-.5e+3", "9007199254740993", "1" + "0".repeat(400), "0." + "0".repeat(300) + "1",
    "2.675", "0.125", "1e", "e1", "--1", "½", "∞", "1/2", "10%", "$5"
  };
  private static final String[] WORDS = {
    "the", "cat", "running", "A", "B", "(C)", "D.", "Hello", "world", "généralisation", "ИСПЫТАНИЕ", "测试", "🎥",
    "yyyy", "ies", "sses", "\u0130stanbul", "\u212Aelvin", "", "\u0000", "\uD800", "\uDFFF"
  };
  private static final String[] TYPES = {"multiple choice", "numerical", "OCR", "free-form", "regression", "other"};

  @Test
  void everyRewardStaysInBoundsOnGeneratedInputs() {
    Random rnd = new Random(20250326);
    RewardOptions[] modes = {RewardOptions.defaults(), RewardOptions.fixed().withEvalScoresTextTypes(true)};
    List<String> options = List.of("A. sits down", "B. leaves", "C) x", "D");
    long huge = 0;
    for (int i = 0; i < CASES; i++) {
      boolean big = i % 1000 == 999;
      huge += big ? 1 : 0;
      String completion = generate(rnd, big);
      String solution = rnd.nextInt(4) == 0 ? generate(rnd, false) : "<answer>" + atom(rnd) + "</answer>";
      RewardOptions opts = modes[i & 1];
      try {
        check(FormatReward.score(completion), "format", completion);
        for (String t : TYPES) {
          check(AccuracyReward.score(t, completion, solution, opts), "accuracy " + t, completion);
        }
        for (ProblemType t : ProblemType.values()) {
          check(AccuracyReward.score(t, completion, solution, options, opts), "accuracy " + t, completion);
          check(EvalScorer.score(t, completion, solution, options, opts), "eval " + t, completion);
        }
        check(MeanRelativeAccuracy.score(atom(rnd), atom(rnd)), "mra", completion);
        PythonFloat.parse(completion);
      } catch (RuntimeException | StackOverflowError e) {
        fail("threw on completion " + abbreviate(completion) + " / solution " + abbreviate(solution), e);
      }
    }
    assertTrue(huge >= 100, "huge inputs were generated");
  }

  private static void check(double v, String what, String input) {
    if (!(v >= 0.0 && v <= 1.0)) {
      fail(what + " = " + v + " on " + abbreviate(input));
    }
  }

  private static String generate(Random rnd, boolean big) {
    StringBuilder sb = new StringBuilder();
    int parts = big ? 2_000 + rnd.nextInt(20_000) : rnd.nextInt(16);
    for (int p = 0; p < parts; p++) {
      switch (rnd.nextInt(6)) {
        case 0 -> sb.append(TAGS[rnd.nextInt(TAGS.length)]);
        case 1 -> sb.append(NUMBERS[rnd.nextInt(NUMBERS.length)]);
        case 2 -> sb.append(WORDS[rnd.nextInt(WORDS.length)]);
        case 3 -> sb.append(" \n\t\u3000\u00A0\u001C".charAt(rnd.nextInt(6)));
        case 4 -> appendRandomUnicode(rnd, sb, 1 + rnd.nextInt(big ? 40 : 8));
        default -> sb.append("<think>").append(atom(rnd)).append("</think>\n<answer>").append(atom(rnd))
            .append("</answer>");
      }
    }
    return sb.toString();
  }

  private static String atom(Random rnd) {
    return rnd.nextBoolean() ? NUMBERS[rnd.nextInt(NUMBERS.length)] : WORDS[rnd.nextInt(WORDS.length)];
  }

  private static void appendRandomUnicode(Random rnd, StringBuilder sb, int n) {
    for (int k = 0; k < n; k++) {
      int choice = rnd.nextInt(4);
      if (choice == 0) {
        sb.append((char) rnd.nextInt(0x10000)); // any UTF-16 unit, lone surrogates included
      } else if (choice == 1) {
        sb.appendCodePoint(rnd.nextInt(Character.MAX_CODE_POINT + 1));
      } else {
        sb.append((char) (0x20 + rnd.nextInt(0x5F))); // printable ASCII
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…(" + s.length() + " chars)";
  }
}
