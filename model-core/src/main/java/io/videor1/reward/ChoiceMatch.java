package io.videor1.reward;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Multiple-choice matching: the reference's exact comparison, and the optional letter normalisation
 * ({@link RewardOptions#choiceNormalize()}).
 *
 * <p>Normalisation reduces an answer to its option letter when it is a lone letter in either case ({@code a}), or a
 * letter in brackets or followed by {@code .}, {@code )} or {@code :}, then optionally whitespace and text
 * ({@code (B)}, {@code C. sits down}; but not {@code A dog}), or exactly the text of one of the record's options
 * after its letter ({@code sits down} for option {@code "C. sits down"}). Anything else is compared as it is.
 */
public final class ChoiceMatch {
  private static final Pattern LETTER =
      Pattern.compile("^(?:([A-Za-z])|(?:\\(([A-Za-z])\\)|([A-Za-z])[.):])(?:\\s+.*)?)$", Pattern.DOTALL);
  private static final Pattern OPTION = Pattern.compile("^([A-Za-z])[.):]\\s*(.*)$", Pattern.DOTALL);

  private ChoiceMatch() {}

  /**
   * 1.0 when the prediction matches the ground truth, else 0.0.
   *
   * @param options the record's options ({@code "A. text"}), or an empty list; used only when normalising
   */
  public static double score(String groundTruth, String prediction, List<String> options, RewardOptions opts) {
    String gt = PyText.strip(groundTruth);
    String pred = PyText.strip(prediction);
    if (!opts.choiceNormalize()) {
      return gt.equals(pred) ? 1.0 : 0.0;
    }
    return normalize(gt, options).equals(normalize(pred, options)) ? 1.0 : 0.0;
  }

  /** The option letter {@code answer} stands for (upper case), or {@code answer} itself. */
  static String normalize(String answer, List<String> options) {
    Matcher m = LETTER.matcher(answer);
    if (m.matches()) {
      String letter = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      return letter.toUpperCase(Locale.ROOT);
    }
    for (String option : options) {
      Matcher o = OPTION.matcher(PyText.strip(option));
      if (o.matches() && PyText.strip(o.group(2)).equals(answer)) {
        return o.group(1).toUpperCase(Locale.ROOT);
      }
    }
    return answer;
  }
}
