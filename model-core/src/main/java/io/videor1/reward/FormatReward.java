package io.videor1.reward;

/**
 * The format reward (spec §4.3): 1.0 iff the whole completion is {@code <think>…</think>}, optional whitespace,
 * {@code <answer>…</answer>}, and nothing else.
 *
 * <p>The reference is {@code re.fullmatch(r"<think>.*?</think>\s*<answer>.*?</answer>", text, re.DOTALL)}. Laziness
 * does not matter to a full match, so the text matches exactly when it starts with {@code <think>}, ends with
 * {@code </answer>}, and some {@code </think>} inside is followed by a run of Python whitespace and then
 * {@code <answer>}, with the pieces not overlapping. Checking that directly is linear (the whitespace runs after
 * different {@code </think>} tags are disjoint), where a backtracking regex is quadratic on adversarial input; a
 * differential test checks the two agree. No trailing newline is allowed, as in the reference.
 */
public final class FormatReward {
  private static final String THINK_OPEN = "<think>";
  private static final String THINK_CLOSE = "</think>";

  private FormatReward() {}

  /** 1.0 when {@code completion} has the required format, else 0.0. */
  public static double score(String completion) {
    return matches(completion) ? 1.0 : 0.0;
  }

  /** True when {@code completion} full-matches the reference's format pattern. */
  public static boolean matches(String completion) {
    String s = completion;
    int n = s.length();
    if (!s.startsWith(THINK_OPEN) || !s.endsWith(AnswerExtractor.CLOSE)) {
      return false;
    }
    // The <answer> tag must end at or before the start of the final </answer>.
    int lastAnswerStart = n - AnswerExtractor.CLOSE.length() - AnswerExtractor.OPEN.length();
    int t = s.indexOf(THINK_CLOSE, THINK_OPEN.length());
    while (t >= 0) {
      int q = t + THINK_CLOSE.length();
      while (q < n && PyText.isSpace(s.charAt(q))) {
        q++;
      }
      if (q > lastAnswerStart) {
        return false; // later </think> tags only start later still
      }
      if (s.startsWith(AnswerExtractor.OPEN, q)) {
        return true;
      }
      t = s.indexOf(THINK_CLOSE, t + 1);
    }
    return false;
  }
}
