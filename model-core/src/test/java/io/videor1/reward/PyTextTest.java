package io.videor1.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Python whitespace semantics (the set printed by CPython 3.11 for all of Unicode). */
class PyTextTest {
  private static final int[] PYTHON_SPACES = {
    0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004,
    0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000
  };

  @Test
  void isSpaceIsExactlyPythonsSetOverAllOfUnicode() {
    java.util.Set<Integer> expected = new java.util.HashSet<>();
    for (int c : PYTHON_SPACES) {
      expected.add(c);
    }
    Pattern cls = Pattern.compile(PyText.SPACE_CLASS);
    for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
      boolean want = expected.contains(c);
      assertEquals(want, PyText.isSpace(c), "U+" + Integer.toHexString(c));
      if (c < 0x10000) {
        assertEquals(want, cls.matcher(String.valueOf((char) c)).matches(), "regex class U+" + Integer.toHexString(c));
      }
    }
    // Java's own notions differ from Python's on these.
    assertFalse(Character.isWhitespace(0xa0));
    assertTrue(PyText.isSpace(0xa0));
    assertFalse(PyText.isSpace(0x180e));
    assertFalse(PyText.isSpace(0x200b));
  }

  @Test
  void stripAndSplit() {
    assertEquals("a b", PyText.strip("\u3000\u001C a b\u00a0\n"));
    assertEquals("", PyText.strip(" \t "));
    assertEquals(List.of("a", "b\u200Bc", "d"), PyText.split("\u2028a\u0085 b\u200Bc\u001Fd  "));
    assertEquals(List.of(), PyText.split(""));
    assertEquals(List.of(), PyText.split(" \n"));
  }

  @Test
  void decimalMarkFlag() {
    assertTrue(PyText.hasDecimalMark("3.5"));
    assertTrue(PyText.hasDecimalMark("1,234"));
    assertFalse(PyText.hasDecimalMark("1234"));
    assertFalse(PyText.hasDecimalMark(""));
  }
}
