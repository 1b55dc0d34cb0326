package io.videor1.eval;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A forgiving multiple-choice extractor, reported beside the reference's exact comparison: finds the option letter in
 * outputs such as {@code (B)}, {@code B.}, {@code b}, {@code The answer is B}, {@code Answer: (C) sits down}, or the
 * text of one option.
 *
 * <p>Order: the answer tag's content if there is one, else the whole output; then a lone letter, a leading letter with
 * punctuation, an "answer is/answer:" phrase, and the exact text of an option. The letter must be one of the record's
 * option letters when options are given.
 */
public final class RobustChoice {
  private static final Pattern TAG = Pattern.compile("<answer>\\s*(.*?)\\s*</answer>", Pattern.DOTALL);
  private static final Pattern LEADING = Pattern.compile("^\\(?([A-Za-z])(?:[.):]|\\)|\\s|$)", Pattern.DOTALL);
  private static final Pattern PHRASE =
      Pattern.compile("(?i)(?:answer|option|choice)\\s*(?:is|:)?\\s*:?\\s*\\(?([A-Z])\\b\\)?", Pattern.DOTALL);

  private RobustChoice() {}

  /** The letter the output chooses (upper case), or "" when none can be found. */
  public static String letter(String output, List<String> options) {
    if (output == null) {
      return "";
    }
    Matcher t = TAG.matcher(output);
    String text = (t.find() ? t.group(1) : output).strip();
    String allowed = letters(options);
    Matcher m = LEADING.matcher(text);
    if (m.find() && ok(m.group(1), allowed, text.length() <= 3)) {
      return m.group(1).toUpperCase(Locale.ROOT);
    }
    Matcher p = PHRASE.matcher(text);
    while (p.find()) {
      if (ok(p.group(1), allowed, true)) {
        return p.group(1).toUpperCase(Locale.ROOT);
      }
    }
    for (String o : options) {
      int dot = o.indexOf('.');
      if (dot == 1 && text.equalsIgnoreCase(o.substring(2).strip())) {
        return o.substring(0, 1).toUpperCase(Locale.ROOT);
      }
    }
    return "";
  }

  private static boolean ok(String letter, String allowed, boolean lowerCaseOk) {
    if (!lowerCaseOk && Character.isLowerCase(letter.charAt(0))) {
      return false; // "a dog ..." is prose, not option a
    }
    return allowed.isEmpty() || allowed.indexOf(Character.toUpperCase(letter.charAt(0))) >= 0;
  }

  private static String letters(List<String> options) {
    StringBuilder b = new StringBuilder();
    for (String o : options) {
      if (!o.isEmpty() && Character.isLetter(o.charAt(0))) {
        b.append(Character.toUpperCase(o.charAt(0)));
      }
    }
    return b.toString();
  }
}
