package io.videor1.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Answer extraction and the format reward: worked cases, and agreement with the reference's regexes. */
class AnswerAndFormatTest {
  // The reference's patterns, with Python's \s spelled out (Python's re on str is Unicode-aware; Java's is not).
  private static final Pattern ANSWER_RE =
      Pattern.compile("<answer>" + PyText.SPACE_CLASS + "*(.*?)" + PyText.SPACE_CLASS + "*</answer>", Pattern.DOTALL);
  private static final Pattern FORMAT_RE =
      Pattern.compile("<think>.*?</think>" + PyText.SPACE_CLASS + "*<answer>.*?</answer>", Pattern.DOTALL);

  private static String referenceExtract(String text) {
    Matcher m = ANSWER_RE.matcher(text);
    return m.find() ? PyText.strip(m.group(1)) : "";
  }

  @Test
  void extractionWorkedCases() {
    assertEquals("B", AnswerExtractor.extract("<think>x</think>\n<answer> B </answer>"));
    assertEquals("line1\nline2", AnswerExtractor.extract("<answer>\n line1\nline2\u3000</answer>"));
    assertEquals("", AnswerExtractor.extract("no tags at all"));
    assertEquals("", AnswerExtractor.extract("<answer>unclosed"));
    assertEquals("", AnswerExtractor.extract("</answer>A<answer>"));
    assertEquals("", AnswerExtractor.extract("<answer>   </answer>"));
    // Repeated tags: the first block wins. Nested: the lazy body stops at the first closing tag.
    assertEquals("A", AnswerExtractor.extract("<answer>A</answer><answer>B</answer>"));
    assertEquals("<answer>A", AnswerExtractor.extract("<answer><answer>A</answer></answer>"));
    assertEquals("x<answer>B", AnswerExtractor.extract("<answer>x<answer>B</answer>"));
    // Tags are case-sensitive.
    assertEquals("", AnswerExtractor.extract("<ANSWER>A</ANSWER>"));
  }

  @Test
  void evalFallbackUsesTheRawOutput() {
    assertEquals("The answer is B", AnswerExtractor.extractForEval("The answer is B", true));
    assertEquals("", AnswerExtractor.extractForEval("The answer is B", false));
    assertEquals("<answer></answer>", AnswerExtractor.extractForEval("<answer></answer>", true));
    assertEquals("C", AnswerExtractor.extractForEval("<answer>C</answer>", true));
  }

  @Test
  void formatWorkedCases() {
    assertEquals(1.0, FormatReward.score("<think>reasoning</think><answer>A</answer>"));
    assertEquals(1.0, FormatReward.score("<think>a\nb</think>\n\n <answer>\nA\n</answer>"));
    assertEquals(1.0, FormatReward.score("<think></think><answer></answer>"));
    assertEquals(1.0, FormatReward.score("<think>x</think>\u3000<answer>A</answer>"), "Python \\s includes U+3000");
    assertEquals(0.0, FormatReward.score("<think>x</think><answer>A</answer>\n"), "no trailing newline");
    assertEquals(0.0, FormatReward.score(" <think>x</think><answer>A</answer>"), "nothing before");
    assertEquals(0.0, FormatReward.score("<think>x</think>so<answer>A</answer>"), "only whitespace between");
    assertEquals(0.0, FormatReward.score("<think>x</think>\u200B<answer>A</answer>"), "U+200B is not whitespace");
    assertEquals(0.0, FormatReward.score("<answer>A</answer>"));
    assertEquals(0.0, FormatReward.score("<think>x<answer>A</answer>"));
    assertEquals(0.0, FormatReward.score(""));
    // A second think block or stray tags inside the lazy parts still match, as in the reference.
    assertEquals(1.0, FormatReward.score("<think>a</think>b</think> <answer>A</answer>"));
    assertEquals(1.0, FormatReward.score("<think>a</think><answer>A</answer> <answer>B</answer>"));
  }

  @Test
  void agreesWithTheReferenceRegexesOnRandomTagSoup() {
    String[] pieces = {
      "<think>", "</think>", "<answer>", "</answer>", " ", "\n", "\u3000", "\u001C", "\u200B", "A", "12.5", "<", ">",
      "</", "answer", "think", "<answer", "/answer>", "x"
    };
    Random rnd = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      StringBuilder sb = new StringBuilder();
      int len = rnd.nextInt(12);
      for (int k = 0; k < len; k++) {
        sb.append(pieces[rnd.nextInt(pieces.length)]);
      }
      String s = sb.toString();
      assertEquals(referenceExtract(s), AnswerExtractor.extract(s), () -> "extract: " + s);
      assertEquals(FORMAT_RE.matcher(s).matches(), FormatReward.matches(s), () -> "format: " + s);
    }
  }

  @Test
  void linearOnAdversarialInput() {
    String many = "<answer>".repeat(200_000) + "<think>" + "</think> ".repeat(200_000);
    long t0 = System.nanoTime();
    assertEquals("", AnswerExtractor.extract(many));
    assertEquals(0.0, FormatReward.score("<think>" + many + "</answer>"));
    // A backtracking regex needs ~10^10 steps here; the direct scan is linear.
    assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "took too long");
  }
}
