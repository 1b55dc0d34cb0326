package io.videor1.reward;

import java.util.ArrayList;
import java.util.List;

/**
 * Python 3 string semantics the reference's rewards rely on: {@code str.isspace}, {@code str.strip()} and
 * {@code str.split()} with no argument.
 *
 * <p>Python's whitespace set is not Java's: it includes the ASCII separators U+001C..U+001F and the no-break spaces
 * (U+00A0, U+2007, U+202F), which {@link Character#isWhitespace} respectively includes and excludes differently, and
 * the {@code \s} of Python's {@code re} on a {@code str} pattern is exactly this set (checked over all of Unicode
 * 14 with CPython 3.11). Every piece of this package that mirrors a Python {@code \s}, {@code strip} or
 * {@code split} goes through {@link #isSpace(int)} so they all agree.
 */
public final class PyText {
  /** Python's {@code \s} as a Java regex character class (for tests and for callers that need a regex). */
  public static final String SPACE_CLASS =
      "[\\t\\n\\u000B\\f\\r\\u001C-\\u001F \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]";

  private PyText() {}

  /** True for exactly the code points for which Python's {@code str.isspace()} is true. */
  public static boolean isSpace(int c) {
    if (c < 0x80) {
      return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    }
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029
        || c == 0x202F || c == 0x205F || c == 0x3000;
  }

  /** Python's {@code s.strip()}: removes leading and trailing Python whitespace. */
  public static String strip(String s) {
    int begin = 0;
    int end = s.length();
    // Every Python whitespace code point is in the BMP and not a surrogate, so scanning chars is exact.
    while (begin < end && isSpace(s.charAt(begin))) {
      begin++;
    }
    while (end > begin && isSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(begin, end);
  }

  /** Python's {@code s.split()}: the maximal runs of non-whitespace, with no empty strings. */
  public static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    int n = s.length();
    int i = 0;
    while (i < n) {
      while (i < n && isSpace(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isSpace(s.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.add(s.substring(start, i));
      }
    }
    return out;
  }

  /** True when Python's {@code "." in s or "," in s} holds: the reference's "has decimal" flag. */
  public static boolean hasDecimalMark(String s) {
    return s.indexOf('.') >= 0 || s.indexOf(',') >= 0;
  }
}
