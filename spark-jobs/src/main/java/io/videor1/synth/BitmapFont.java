package io.videor1.synth;

import java.util.HashMap;
import java.util.Map;

/**
 * A 5 x 7 pixel font for A-Z, 0-9, space and {@code ! ? . , - + # : /}, defined here so text renders the same on a
 * bare machine (no system fonts, no AWT text stack, no anti-aliasing that would vary between JDKs).
 *
 * <p>Each glyph is seven rows of five characters, {@code #} for ink. Characters advance by six pixels (one blank
 * column), both scaled by an integer factor when drawn.
 */
public final class BitmapFont {
  /** Glyph width in font pixels. */
  public static final int WIDTH = 5;
  /** Glyph height in font pixels. */
  public static final int HEIGHT = 7;
  /** Horizontal advance per character in font pixels. */
  public static final int ADVANCE = 6;

  private static final Map<Character, int[]> GLYPHS = new HashMap<>();

  static {
    glyph('A', ".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#");
    glyph('B', "####.", "#...#", "#...#", "####.", "#...#", "#...#", "####.");
    glyph('C', ".###.", "#...#", "#....", "#....", "#....", "#...#", ".###.");
    glyph('D', "####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####.");
    glyph('E', "#####", "#....", "#....", "####.", "#....", "#....", "#####");
    glyph('F', "#####", "#....", "#....", "####.", "#....", "#....", "#....");
    glyph('G', ".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####");
    glyph('H', "#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#");
    glyph('I', ".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###.");
    glyph('J', "..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##..");
    glyph('K', "#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#");
    glyph('L', "#....", "#....", "#....", "#....", "#....", "#....", "#####");
    glyph('M', "#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#");
    glyph('N', "#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#");
    glyph('O', ".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.");
    glyph('P', "####.", "#...#", "#...#", "####.", "#....", "#....", "#....");
    glyph('Q', ".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#");
    glyph('R', "####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#");
    glyph('S', ".####", "#....", "#....", ".###.", "....#", "....#", "####.");
    glyph('T', "#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#..");
    glyph('U', "#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.");
    glyph('V', "#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#..");
    glyph('W', "#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#.");
    glyph('X', "#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#");
    glyph('Y', "#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#..");
    glyph('Z', "#####", "....#", "...#.", "..#..", ".#...", "#....", "#####");
    glyph('0', ".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###.");
    glyph('1', "..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###.");
    glyph('2', ".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####");
    glyph('3', "#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###.");
    glyph('4', "...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#.");
    glyph('5', "#####", "#....", "####.", "....#", "....#", "#...#", ".###.");
    glyph('6', "..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###.");
    glyph('7', "#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#...");
    glyph('8', ".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###.");
    glyph('9', ".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##..");
    glyph(' ', ".....", ".....", ".....", ".....", ".....", ".....", ".....");
    glyph('!', "..#..", "..#..", "..#..", "..#..", "..#..", ".....", "..#..");
    glyph('?', ".###.", "#...#", "....#", "...#.", "..#..", ".....", "..#..");
    glyph('.', ".....", ".....", ".....", ".....", ".....", ".##..", ".##..");
    glyph(',', ".....", ".....", ".....", ".....", ".##..", "..#..", ".#...");
    glyph('-', ".....", ".....", ".....", "#####", ".....", ".....", ".....");
    glyph('+', ".....", "..#..", "..#..", "#####", "..#..", "..#..", ".....");
    glyph('#', ".#.#.", ".#.#.", "#####", ".#.#.", "#####", ".#.#.", ".#.#.");
    glyph(':', ".....", ".##..", ".##..", ".....", ".##..", ".##..", ".....");
    glyph('/', "....#", "....#", "...#.", "..#..", ".#...", "#....", "#....");
  }

  private BitmapFont() {}

  private static void glyph(char c, String... rows) {
    if (rows.length != HEIGHT) {
      throw new IllegalStateException("glyph '" + c + "' has " + rows.length + " rows");
    }
    int[] bits = new int[HEIGHT];
    for (int y = 0; y < HEIGHT; y++) {
      if (rows[y].length() != WIDTH) {
        throw new IllegalStateException("glyph '" + c + "' row " + y + " is not " + WIDTH + " wide");
      }
      for (int x = 0; x < WIDTH; x++) {
        if (rows[y].charAt(x) == '#') {
          bits[y] |= 1 << (WIDTH - 1 - x);
        }
      }
    }
    GLYPHS.put(c, bits);
  }

  /** True when every character of {@code s} has a glyph. */
  public static boolean supports(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!GLYPHS.containsKey(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether font pixel (x, y) of {@code c} is ink; x in [0, 5), y in [0, 7). */
  public static boolean ink(char c, int x, int y) {
    int[] g = GLYPHS.get(c);
    if (g == null) {
      throw new IllegalArgumentException("no glyph for '" + c + "' (U+" + Integer.toHexString(c) + ")");
    }
    return (g[y] >> (WIDTH - 1 - x) & 1) != 0;
  }

  /** Width of {@code s} in font pixels, without the trailing blank column. */
  public static int width(String s) {
    return s.isEmpty() ? 0 : s.length() * ADVANCE - 1;
  }
}
