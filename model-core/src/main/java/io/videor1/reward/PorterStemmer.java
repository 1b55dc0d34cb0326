package io.videor1.reward;

import java.util.Locale;
import java.util.Map;

/**
 * The Porter stemmer in NLTK's default mode ({@code NLTK_EXTENSIONS}), the stemmer rouge_score applies.
 *
 * <p>Written from M. F. Porter's 1980 description of the algorithm (steps 1a to 5b, the measure m of a stem, the
 * *v*, *d and *o conditions) plus the departures NLTK documents for its default mode:
 *
 * <ul>
 *   <li>a small table of irregular forms is looked up first ({@code skies → sky}, {@code dying → die}, …);
 *   <li>words of one or two letters are returned unchanged;
 *   <li>1a: a four-letter word in {@code -ies} becomes {@code -ie} ({@code ties → tie});
 *   <li>1b: {@code -ied} becomes {@code -ie} in a four-letter word and {@code -i} otherwise;
 *   <li>*o also holds for a two-letter stem vowel+consonant;
 *   <li>1c: {@code y → i} only after a consonant that is not the first letter ({@code cry → cri}, {@code by} kept);
 *   <li>2: {@code -alli} is reduced to {@code -al} first and step 2 is re-run on the result; {@code -bli → -ble}
 *       (Porter's later correction of {@code -abli}); extra rules {@code -fulli → -ful} and {@code -logi → -log}, the
 *       latter measured with the {@code l} kept on the stem.
 * </ul>
 *
 * <p>Only the first rule of a step whose suffix matches is tried: if its condition fails the word is left as it is.
 * A test reproduces NLTK's output for every word of NLTK's own 23,531-word test vocabulary.
 */
public final class PorterStemmer {
  private static final Map<String, String> IRREGULAR =
      Map.ofEntries(
          Map.entry("sky", "sky"),
          Map.entry("skies", "sky"),
          Map.entry("dying", "die"),
          Map.entry("lying", "lie"),
          Map.entry("tying", "tie"),
          Map.entry("news", "news"),
          Map.entry("innings", "inning"),
          Map.entry("inning", "inning"),
          Map.entry("outings", "outing"),
          Map.entry("outing", "outing"),
          Map.entry("cannings", "canning"),
          Map.entry("canning", "canning"),
          Map.entry("howe", "howe"),
          Map.entry("proceed", "proceed"),
          Map.entry("exceed", "exceed"),
          Map.entry("succeed", "succeed"));

  // Each row: suffix, replacement. The first suffix that matches decides (see class comment).
  private static final String[][] STEP2 = {
    {"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"}, {"anci", "ance"}, {"izer", "ize"}, {"bli", "ble"},
    {"alli", "al"}, {"entli", "ent"}, {"eli", "e"}, {"ousli", "ous"}, {"ization", "ize"}, {"ation", "ate"},
    {"ator", "ate"}, {"alism", "al"}, {"iveness", "ive"}, {"fulness", "ful"}, {"ousness", "ous"}, {"aliti", "al"},
    {"iviti", "ive"}, {"biliti", "ble"}, {"fulli", "ful"}, {"logi", "log"}
  };
  private static final String[][] STEP3 = {
    {"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"}, {"ical", "ic"}, {"ful", ""}, {"ness", ""}
  };
  private static final String[] STEP4 = {
    "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate", "iti",
    "ous", "ive", "ize"
  };

  private PorterStemmer() {}

  /** The stem of {@code word} (lower-cased first, as NLTK does by default). */
  public static String stem(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    String irregular = IRREGULAR.get(word); // NLTK looks the unlowered word up
    if (irregular != null) {
      return irregular;
    }
    if (word.length() <= 2) {
      return w;
    }
    w = step1a(w);
    w = step1b(w);
    w = step1c(w);
    w = step2(w);
    w = step3(w);
    w = step4(w);
    w = step5a(w);
    return step5b(w);
  }

  private static String step1a(String w) {
    if (w.endsWith("ies") && w.length() == 4) {
      return cut(w, 3) + "ie";
    }
    if (w.endsWith("sses")) {
      return cut(w, 2);
    }
    if (w.endsWith("ies")) {
      return cut(w, 2);
    }
    if (w.endsWith("ss")) {
      return w;
    }
    return w.endsWith("s") ? cut(w, 1) : w;
  }

  private static String step1b(String w) {
    if (w.endsWith("ied")) {
      return cut(w, 3) + (w.length() == 4 ? "ie" : "i");
    }
    if (w.endsWith("eed")) {
      String stem = cut(w, 3);
      return measure(stem, stem.length()) > 0 ? stem + "ee" : w;
    }
    String s = null;
    if (w.endsWith("ed") && containsVowel(w, w.length() - 2)) {
      s = cut(w, 2);
    } else if (w.endsWith("ing") && containsVowel(w, w.length() - 3)) {
      s = cut(w, 3);
    }
    if (s == null) {
      return w;
    }
    if (s.endsWith("at") || s.endsWith("bl") || s.endsWith("iz")) {
      return s + "e";
    }
    if (endsDoubleConsonant(s)) {
      char last = s.charAt(s.length() - 1);
      return last == 'l' || last == 's' || last == 'z' ? s : cut(s, 1);
    }
    return measure(s, s.length()) == 1 && endsCvc(s, s.length()) ? s + "e" : s;
  }

  private static String step1c(String w) {
    int n = w.length();
    if (w.endsWith("y") && n - 1 > 1 && isConsonant(w, n - 2)) {
      return cut(w, 1) + "i";
    }
    return w;
  }

  private static String step2(String w) {
    if (w.endsWith("alli") && measure(w, w.length() - 4) > 0) {
      return step2(cut(w, 2));
    }
    for (String[] rule : STEP2) {
      if (w.endsWith(rule[0])) {
        int stemLen = w.length() - rule[0].length();
        // -logi is measured on the stem with its "l", so that geo-logi and theo-logi qualify like archaeo-logi.
        int measured = rule[0].equals("logi") ? stemLen + 1 : stemLen;
        return measure(w, measured) > 0 ? w.substring(0, stemLen) + rule[1] : w;
      }
    }
    return w;
  }

  private static String step3(String w) {
    for (String[] rule : STEP3) {
      if (w.endsWith(rule[0])) {
        int stemLen = w.length() - rule[0].length();
        return measure(w, stemLen) > 0 ? w.substring(0, stemLen) + rule[1] : w;
      }
    }
    return w;
  }

  private static String step4(String w) {
    for (String suffix : STEP4) {
      if (w.endsWith(suffix)) {
        int stemLen = w.length() - suffix.length();
        boolean ok = measure(w, stemLen) > 1;
        if (ok && suffix.equals("ion")) {
          char c = w.charAt(stemLen - 1);
          ok = c == 's' || c == 't';
        }
        return ok ? w.substring(0, stemLen) : w;
      }
    }
    return w;
  }

  private static String step5a(String w) {
    if (!w.endsWith("e")) {
      return w;
    }
    int stemLen = w.length() - 1;
    int m = measure(w, stemLen);
    if (m > 1 || (m == 1 && !endsCvc(w, stemLen))) {
      return w.substring(0, stemLen);
    }
    return w;
  }

  private static String step5b(String w) {
    if (w.endsWith("ll") && measure(w, w.length() - 1) > 1) {
      return cut(w, 1);
    }
    return w;
  }

  /** Porter's consonant test: not a, e, i, o, u, and y only when it follows a vowel (or starts the word). */
  private static boolean isConsonant(String w, int i) {
    char c = w.charAt(i);
    if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') {
      return false;
    }
    if (c != 'y') {
      return true;
    }
    // A run of y's alternates; its first y is a consonant at the start of the word or after a vowel.
    int start = i;
    while (start > 0 && w.charAt(start - 1) == 'y') {
      start--;
    }
    boolean firstIsConsonant = start == 0 || !isConsonant(w, start - 1);
    return ((i - start) & 1) == 0 ? firstIsConsonant : !firstIsConsonant;
  }

  /** m of the prefix w[0, len): the number of vowel-run-then-consonant transitions. */
  private static int measure(String w, int len) {
    int m = 0;
    boolean prevConsonant = true;
    boolean first = true;
    for (int i = 0; i < len; i++) {
      char c = w.charAt(i);
      boolean consonant;
      if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') {
        consonant = false;
      } else if (c == 'y') {
        consonant = first || !prevConsonant;
      } else {
        consonant = true;
      }
      if (consonant && !first && !prevConsonant) {
        m++;
      }
      prevConsonant = consonant;
      first = false;
    }
    return m;
  }

  /** *v*: the prefix w[0, len) contains a vowel. */
  private static boolean containsVowel(String w, int len) {
    for (int i = 0; i < len; i++) {
      if (!isConsonant(w, i)) {
        return true;
      }
    }
    return false;
  }

  /** *d: the word ends with a double consonant. */
  private static boolean endsDoubleConsonant(String w) {
    int n = w.length();
    return n >= 2 && w.charAt(n - 1) == w.charAt(n - 2) && isConsonant(w, n - 1);
  }

  /** *o for the prefix w[0, len): consonant-vowel-consonant, the last not w, x or y (NLTK: or a 2-letter vc). */
  private static boolean endsCvc(String w, int len) {
    if (len >= 3) {
      char last = w.charAt(len - 1);
      if (isConsonant(w, len - 3) && !isConsonant(w, len - 2) && isConsonant(w, len - 1)
          && last != 'w' && last != 'x' && last != 'y') {
        return true;
      }
    }
    return len == 2 && !isConsonant(w, 0) && isConsonant(w, 1);
  }

  private static String cut(String w, int n) {
    return w.substring(0, w.length() - n);
  }
}
