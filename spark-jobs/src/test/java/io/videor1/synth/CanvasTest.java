package io.videor1.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Pixel-exact drawing: rectangles by pixel centres, shapes of the right area, text as scaled glyphs, clamped grain. */
class CanvasTest {
  private static final int PAPER = 0xECECE6;
  private static final int RED = 0xDC2828;

  private static int count(Canvas c, int rgb) {
    int n = 0;
    for (int y = 0; y < c.height(); y++) {
      for (int x = 0; x < c.width(); x++) {
        n += c.get(x, y) == rgb ? 1 : 0;
      }
    }
    return n;
  }

  @Test
  void rectanglesCoverThePixelsWhoseCentresLieInside() {
    Canvas c = new Canvas(10, 8);
    c.clear(Colour.PAPER);
    assertEquals(PAPER, c.get(0, 0));
    c.fillRect(2, 1, 5, 4, Colour.RED); // pixels 2..4 x 1..3
    assertEquals(9, count(c, RED));
    assertEquals(RED, c.get(2, 1));
    assertEquals(RED, c.get(4, 3));
    assertEquals(PAPER, c.get(5, 3));
    c.fillRect(-5, -5, 100, 0.4, Colour.RED); // clipped, and no pixel centre below 0.4 exists
    assertEquals(9, count(c, RED));
  }

  @Test
  void shapesHaveAboutTheirGeometricArea() {
    double r = 20;
    Canvas c = new Canvas(64, 64);
    c.clear(Colour.PAPER);
    c.fillCircle(32, 32, r, Colour.RED);
    assertEquals(Math.PI * r * r, count(c, RED), 40);
    c.clear(Colour.PAPER);
    c.fillTriangle(32, 32, r, Colour.RED);
    assertEquals(2 * r * r, count(c, RED), 40);
    c.clear(Colour.PAPER);
    c.fillDiamond(32, 32, r, Colour.RED);
    assertEquals(2 * r * r, count(c, RED), 40);
    assertEquals(RED, c.get(32, 32));
    assertEquals(PAPER, c.get(14, 14), "the diamond leaves its corners empty");
  }

  @Test
  void textIsTheGlyphsScaled() {
    Canvas c = new Canvas(80, 40);
    c.clear(Colour.PAPER);
    c.drawText("T1", 40, 20, 3, Colour.BLACK);
    int ink = 0;
    for (char ch : "T1".toCharArray()) {
      for (int y = 0; y < BitmapFont.HEIGHT; y++) {
        for (int x = 0; x < BitmapFont.WIDTH; x++) {
          ink += BitmapFont.ink(ch, x, y) ? 9 : 0;
        }
      }
    }
    assertEquals(ink, count(c, 0x191919));
    // The T's top bar is the top-left ink: width 11 font px * 3 centred at 40 starts at 40 - 16.5 -> 24 (rounded).
    assertEquals(0x191919, c.get(24, 10));
  }

  @Test
  void grainIsAddedAndClamped() {
    Canvas c = new Canvas(2, 1);
    c.clear(Colour.PAPER);
    c.fillRect(1, 0, 2, 1, Colour.BLACK);
    byte[] table = {50, 50, 50, -100, -100, -100, 0, 0};
    c.addGrain(table, 0);
    assertEquals(0xFFFFFF, c.get(0, 0), "236 + 50 clamps to 255");
    assertEquals(0, c.get(1, 0), "25 - 100 clamps to 0");
    assertTrue(table.length == 8);
  }
}
