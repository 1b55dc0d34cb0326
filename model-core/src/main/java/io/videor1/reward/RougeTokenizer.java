package io.videor1.reward;

import java.util.ArrayList;
import java.util.List;

/**
 * rouge_score's default tokenizer: lower-case, replace every run of characters outside {@code [a-z0-9]} by a space,
 * split, Porter-stem tokens longer than three characters, drop empty tokens.
 *
 * <p>After that replacement the tokens are exactly the maximal runs of ASCII letters and digits of the lower-cased
 * text, which is what this class collects in one pass. Python's {@code str.lower()} maps exactly two code points
 * outside {@code [A-Za-z0-9]} to text containing an ASCII letter or digit (checked over all of Unicode with CPython
 * 3.11): U+0130 (İ, to {@code i} plus a combining dot, which ends the token) and U+212A (Kelvin sign, to {@code k});
 * both are handled here.
 */
public final class RougeTokenizer {
  private RougeTokenizer() {}

  /**
   * The tokens of {@code text}.
   *
   * @param stem apply {@link PorterStemmer} to tokens longer than three characters ({@code use_stemmer=True})
   */
  public static List<String> tokenize(String text, boolean stem) {
    List<String> tokens = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int n = text.length();
    for (int i = 0; i < n; ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      char mapped = mapChar(cp);
      if (mapped != 0) {
        cur.append(mapped);
      }
      if (mapped == 0 || cp == 0x130) { // U+0130 lowers to "i" + U+0307, and U+0307 separates
        flush(cur, tokens, stem);
      }
    }
    flush(cur, tokens, stem);
    return tokens;
  }

  /** The ASCII letter or digit {@code cp} lowers to, or 0 when it lowers to a separator. */
  private static char mapChar(int cp) {
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      return (char) cp;
    }
    if (cp >= 'A' && cp <= 'Z') {
      return (char) (cp + ('a' - 'A'));
    }
    if (cp == 0x130) {
      return 'i';
    }
    if (cp == 0x212A) {
      return 'k';
    }
    return 0;
  }

  private static void flush(StringBuilder cur, List<String> tokens, boolean stem) {
    if (cur.length() == 0) {
      return;
    }
    String token = cur.toString();
    cur.setLength(0);
    if (stem && token.length() > 3) {
      token = PorterStemmer.stem(token);
    }
    if (!token.isEmpty()) {
      tokens.add(token);
    }
  }
}
