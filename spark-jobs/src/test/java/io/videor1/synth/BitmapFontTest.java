package io.videor1.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bundled 5 x 7 font: complete for its alphabet, every glyph distinct, every OCR word drawable. */
class BitmapFontTest {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !?.,-+#:/";

  private static String bitmap(char c) {
    StringBuilder sb = new StringBuilder();
    for (int y = 0; y < BitmapFont.HEIGHT; y++) {
      for (int x = 0; x < BitmapFont.WIDTH; x++) {
        sb.append(BitmapFont.ink(c, x, y) ? '#' : '.');
      }
    }
    return sb.toString();
  }

  @Test
  void everyGlyphIsDistinctAndOnlySpaceIsBlank() {
    Set<String> seen = new HashSet<>();
    for (char c : ALPHABET.toCharArray()) {
      String b = bitmap(c);
      assertTrue(seen.add(b), "glyph '" + c + "' duplicates another");
      assertEquals(c == ' ', !b.contains("#"), "ink of '" + c + "'");
    }
    assertTrue(BitmapFont.supports(ALPHABET));
    assertFalse(BitmapFont.supports("a"), "lower case is not in the font");
    assertThrows(IllegalArgumentException.class, () -> BitmapFont.ink('~', 0, 0));
  }

  @Test
  void glyphsReadAsTheirLetters() {
    assertEquals("#####" + "..#.." + "..#.." + "..#.." + "..#.." + "..#.." + "..#..", bitmap('T'));
    assertEquals("#...." + "#...." + "#...." + "#...." + "#...." + "#...." + "#####", bitmap('L'));
    assertEquals(6 * 3 - 1, BitmapFont.width("CAT"));
    assertEquals(0, BitmapFont.width(""));
  }

  @Test
  void everyOcrWordIsDrawable() {
    for (String w : TextScenes.WORDS) {
      assertTrue(BitmapFont.supports(w), w);
      assertFalse(w.contains(" "), "one token each, so the word error rate counts words: " + w);
    }
    assertEquals(TextScenes.WORDS.size(), new HashSet<>(TextScenes.WORDS).size());
  }
}
