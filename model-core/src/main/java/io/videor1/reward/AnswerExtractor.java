package io.videor1.reward;

/**
 * The reference's answer extraction (spec §4.1, §7.2): the body of the first {@code <answer>…</answer>} block,
 * trimmed.
 *
 * <p>The reference searches {@code <answer>\s*(.*?)\s*</answer>} with DOTALL and strips the group. Because the body
 * may be anything, a match exists at the first {@code <answer>} exactly when a {@code </answer>} follows it, and the
 * lazy body ends at the first such closing tag; the surrounding {@code \s*} and the {@code strip()} remove the same
 * (Python) whitespace. This class computes that directly in linear time, so a completion full of unbalanced tags
 * cannot make it backtrack quadratically; a differential test checks it against the regex. Nested or repeated tags
 * therefore behave as in the reference: {@code <answer><answer>A</answer></answer>} yields {@code <answer>A}, and
 * {@code <answer>A</answer><answer>B</answer>} yields {@code A}.
 */
public final class AnswerExtractor {
  static final String OPEN = "<answer>";
  static final String CLOSE = "</answer>";

  private AnswerExtractor() {}

  /**
   * The training extraction: the trimmed first answer body, or the empty string when there is none.
   *
   * @param text a decoded completion or a {@code solution} field
   */
  public static String extract(String text) {
    int open = text.indexOf(OPEN);
    if (open < 0) {
      return "";
    }
    int bodyStart = open + OPEN.length();
    int close = text.indexOf(CLOSE, bodyStart);
    if (close < 0) {
      return "";
    }
    return PyText.strip(text.substring(bodyStart, close));
  }

  /**
   * The evaluation extraction of {@code eval_bench.py}: {@link #extract(String)}, but when that is empty the whole raw
   * output is the prediction (also when the tags are present with an empty body, as in the reference).
   *
   * @param fallbackToRawOutput the reference's behaviour when true; when false an empty answer stays empty
   */
  public static String extractForEval(String output, boolean fallbackToRawOutput) {
    String answer = extract(output);
    return answer.isEmpty() && fallbackToRawOutput ? output : answer;
  }
}
