package io.videor1.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalDouble;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Python's float() grammar; every expectation below is what CPython 3.11 returns for the same string. */
class PythonFloatTest {

  @ParameterizedTest(name = "float({0}) = {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "1_000|1000.0",
        "\" 1_0 \"|10.0",
        "1e1_0|1.0E10",
        "1_000.000_1|1000.0001",
        "0_0|0.0",
        "00012|12.0",
        ".5|0.5",
        "5.|5.0",
        "+5|5.0",
        "+.5e-3|5.0E-4",
        "1E5|100000.0",
        "\"  12  \"|12.0",
        "1e400|Infinity",
        "-1e400|-Infinity",
        "1e-400|0.0",
        "infinity|Infinity",
        "-Infinity|-Infinity",
        "\"inf \"|Infinity",
        "iNf|Infinity",
        "nAn|NaN",
        "-nan|NaN",
        "\"\u0661\u0662\u0663\"|123.0", // Arabic-Indic digits
        "\"\uFF11\uFF12.5\"|12.5", // full-width digits
        "\"\u0660.\u0661\"|0.1",
        "\"\u00851\u00A0\"|1.0", // NEL and NBSP become spaces, then are stripped
        "\"\u20071\"|1.0",
        "\"1\u3000\"|1.0",
        "\"\t\n\u000B\f\r7\r\n\"|7.0",
        "2.675|2.675",
        "-0|-0.0",
      })
  void acceptsWhatPythonAccepts(String input, double expected) {
    OptionalDouble got = PythonFloat.parse(input);
    assertTrue(got.isPresent(), () -> "should parse: " + input);
    assertEquals(expected, got.getAsDouble(), 0.0);
    assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(got.getAsDouble()), "bit-exact");
  }

  @ParameterizedTest(name = "float({0}) raises")
  @ValueSource(
      strings = {
        "1__0", "_1", "1_", "1_.5", "1._5", "1e_5", "in_f", "\u001C1", "1e", "1e+", ".", "- 5", "infinit", "nan(1)",
        "0x10", "1.5f", "1d", "", "  ", "1 2", "++1", "1.2.3", "Infinity1", "1\u200B", "1,000", "\uFF0E5", "\u007F1",
        "NaNa", "e5", "+", "-", "1e5.5", "\uD800", "12abc"
      })
  void rejectsWhatPythonRejects(String input) {
    assertTrue(PythonFloat.parse(input).isEmpty(), () -> "should not parse: " + input);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"1,234|1234.0", "1,2,3.5|123.5", ",5|5.0", "1_000,5|10005.0"})
  void normalizeNumberDeletesCommasFirst(String input, double expected) {
    assertEquals(expected, PythonFloat.normalizeNumber(input).orElseThrow(), 0.0);
  }

  @org.junit.jupiter.api.Test
  void correctlyRoundedLikeDtoa() {
    // The double nearest to the decimal, not a digit-by-digit accumulation.
    assertEquals(0.1 + 0.2 == 0.3, false);
    assertEquals(0.30000000000000004, PythonFloat.parse("0.30000000000000004").orElseThrow(), 0.0);
    assertEquals(9007199254740993.0, PythonFloat.parse("9007199254740993").orElseThrow(), 0.0);
    String many = "1" + "0".repeat(400) + "e-400";
    assertEquals(1.0, PythonFloat.parse(many).orElseThrow(), 0.0);
  }
}
