package io.videor1.reward;

import java.util.OptionalDouble;

/**
 * Python's {@code float(str)}, the number parser behind the reference's {@code normalize_number}.
 *
 * <p>{@link Double#parseDouble} accepts inputs Python rejects ({@code "1.5f"}, {@code "2d"}, {@code "0x1p3"}) and
 * rejects inputs Python accepts ({@code "1_000"}, {@code "inf"}, {@code "١٢٣"}), so the grammar is checked here
 * first, following CPython's {@code PyFloat_FromString}:
 *
 * <ol>
 *   <li>every non-ASCII code point that is Python whitespace becomes a space and every Unicode decimal digit its ASCII
 *       digit; any other non-ASCII code point makes the string invalid;
 *   <li>underscores are allowed only between two digits, and are then removed;
 *   <li>ASCII whitespace (space, \t, \n, \v, \f, \r, but not U+001C..U+001F) is stripped at both ends;
 *   <li>the rest must be {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?}, or, case-insensitively,
 *       {@code [+-]? (inf | infinity | nan)}.
 * </ol>
 *
 * <p>The value of a decimal string is then the correctly rounded double, which both CPython's dtoa and
 * {@code Double.parseDouble} produce; overflow gives ±infinity and underflow ±0 or a subnormal, as in Python.
 */
public final class PythonFloat {
  private PythonFloat() {}

  /**
   * Parses {@code s} as Python's {@code float(s)} would.
   *
   * @return the value, or empty where Python raises {@code ValueError}
   */
  public static OptionalDouble parse(String s) {
    String ascii = toAscii(s);
    if (ascii == null) {
      return OptionalDouble.empty();
    }
    if (ascii.indexOf('_') >= 0) {
      ascii = removeUnderscores(ascii);
      if (ascii == null) {
        return OptionalDouble.empty();
      }
    }
    int begin = 0;
    int end = ascii.length();
    while (begin < end && isAsciiSpace(ascii.charAt(begin))) {
      begin++;
    }
    while (end > begin && isAsciiSpace(ascii.charAt(end - 1))) {
      end--;
    }
    if (begin == end) {
      return OptionalDouble.empty();
    }
    String body = ascii.substring(begin, end);
    if (isDecimal(body)) {
      return OptionalDouble.of(Double.parseDouble(body));
    }
    return parseInfOrNan(body);
  }

  /**
   * The reference's {@code normalize_number}: delete every comma, then {@code float()}.
   *
   * @return the value, or empty where the reference returns {@code None}
   */
  public static OptionalDouble normalizeNumber(String s) {
    return parse(s.indexOf(',') >= 0 ? s.replace(",", "") : s);
  }

  /** Step 1 (CPython's {@code _PyUnicode_TransformDecimalAndSpaceToASCII}); null when a code point is invalid. */
  private static String toAscii(String s) {
    int n = s.length();
    boolean ascii = true;
    for (int i = 0; i < n && ascii; i++) {
      ascii = s.charAt(i) < 0x7F;
    }
    if (ascii) {
      return s;
    }
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 0x7F) {
        sb.append((char) cp);
      } else if (PyText.isSpace(cp)) {
        sb.append(' ');
      } else if (Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
        sb.append((char) ('0' + Character.digit(cp, 10)));
      } else {
        return null;
      }
    }
    return sb.toString();
  }

  /** Step 2 (CPython's {@code _Py_string_to_number_with_underscores}); null when an underscore is misplaced. */
  private static String removeUnderscores(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    char prev = '\0';
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '_') {
        if (!isDigit(prev)) {
          return null;
        }
      } else {
        if (prev == '_' && !isDigit(c)) {
          return null;
        }
        sb.append(c);
      }
      prev = c;
    }
    return prev == '_' ? null : sb.toString();
  }

  /** The decimal grammar of step 4 (what CPython's {@code _Py_dg_strtod} consumes in full). */
  private static boolean isDecimal(String s) {
    int i = 0;
    int n = s.length();
    if (s.charAt(i) == '+' || s.charAt(i) == '-') {
      i++;
    }
    int intDigits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      intDigits++;
    }
    int fracDigits = 0;
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        fracDigits++;
      }
    }
    if (intDigits + fracDigits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int expDigits = 0;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        expDigits++;
      }
      if (expDigits == 0) {
        return false;
      }
    }
    return i == n;
  }

  /** CPython's {@code _Py_parse_inf_or_nan}, which must consume the whole (stripped) string. */
  private static OptionalDouble parseInfOrNan(String s) {
    boolean negative = s.charAt(0) == '-';
    String t = (s.charAt(0) == '-' || s.charAt(0) == '+') ? s.substring(1) : s;
    if (t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("infinity")) {
      return OptionalDouble.of(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    }
    if (t.equalsIgnoreCase("nan")) {
      return OptionalDouble.of(Double.NaN);
    }
    return OptionalDouble.empty();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAsciiSpace(char c) {
    return c == ' ' || (c >= 0x09 && c <= 0x0D);
  }
}
