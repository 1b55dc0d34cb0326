package io.videor1.synth;

import java.util.Arrays;

/**
 * An RGB picture in a byte buffer (row-major, 3 bytes per pixel, no padding) with the few drawing operations scenes
 * need: rectangles, circles, triangles, diamonds and bitmap text.
 *
 * <p>A pixel is painted when its centre lies inside the shape, with no anti-aliasing: the output depends only on the
 * arguments, never on a graphics stack, so frames are identical on every machine.
 */
public final class Canvas {
  private final int width;
  private final int height;
  private final byte[] rgb;

  public Canvas(int width, int height) {
    this.width = width;
    this.height = height;
    this.rgb = new byte[width * height * 3];
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The pixels, RGB, row-major; the live buffer, not a copy. */
  public byte[] rgb() {
    return rgb;
  }

  /** The pixel at (x, y) as 0xRRGGBB. */
  public int get(int x, int y) {
    int o = (y * width + x) * 3;
    return (rgb[o] & 255) << 16 | (rgb[o + 1] & 255) << 8 | (rgb[o + 2] & 255);
  }

  /** Paints every pixel. */
  public void clear(Colour c) {
    for (int o = 0; o < rgb.length; o += 3) {
      rgb[o] = (byte) c.r;
      rgb[o + 1] = (byte) c.g;
      rgb[o + 2] = (byte) c.b;
    }
  }

  /** Fills the pixels whose centres lie in [x0, x1) x [y0, y1). */
  public void fillRect(double x0, double y0, double x1, double y1, Colour c) {
    fill(x0, y0, x1, y1, (px, py) -> true, c);
  }

  /** Fills a disc. */
  public void fillCircle(double cx, double cy, double r, Colour c) {
    fill(cx - r, cy - r, cx + r, cy + r, (px, py) -> sq(px - cx) + sq(py - cy) <= r * r, c);
  }

  /** Fills an upward-pointing isosceles triangle inscribed in the square of half-size {@code r} around (cx, cy). */
  public void fillTriangle(double cx, double cy, double r, Colour c) {
    double top = cy - r;
    double h = 2 * r;
    fill(cx - r, cy - r, cx + r, cy + r, (px, py) -> Math.abs(px - cx) <= r * (py - top) / h, c);
  }

  /** Fills a square standing on its corner, of half-diagonal {@code r}. */
  public void fillDiamond(double cx, double cy, double r, Colour c) {
    fill(cx - r, cy - r, cx + r, cy + r, (px, py) -> Math.abs(px - cx) + Math.abs(py - cy) <= r, c);
  }

  /** Draws {@code text} centred on (cx, cy), each font pixel a {@code scale} x {@code scale} block. */
  public void drawText(String text, double cx, double cy, int scale, Colour c) {
    int x0 = (int) Math.round(cx - BitmapFont.width(text) * scale / 2.0);
    int y0 = (int) Math.round(cy - BitmapFont.HEIGHT * scale / 2.0);
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      int gx = x0 + i * BitmapFont.ADVANCE * scale;
      for (int y = 0; y < BitmapFont.HEIGHT; y++) {
        for (int x = 0; x < BitmapFont.WIDTH; x++) {
          if (BitmapFont.ink(ch, x, y)) {
            fillRect(gx + x * scale, y0 + y * scale, gx + (x + 1) * scale, y0 + (y + 1) * scale, c);
          }
        }
      }
    }
  }

  /**
   * Adds grain: byte {@code i} of the picture gets {@code table[(offset + i) & (table.length - 1)]}, clamped to
   * [0, 255]. The table's length must be a power of two.
   */
  public void addGrain(byte[] table, int offset) {
    int mask = table.length - 1;
    for (int i = 0; i < rgb.length; i++) {
      int v = (rgb[i] & 255) + table[(offset + i) & mask];
      rgb[i] = (byte) (v < 0 ? 0 : Math.min(v, 255));
    }
  }

  /** A copy of the pixels. */
  public byte[] snapshot() {
    return Arrays.copyOf(rgb, rgb.length);
  }

  private interface Inside {
    boolean test(double px, double py);
  }

  private void fill(double x0, double y0, double x1, double y1, Inside inside, Colour c) {
    int xa = Math.max(0, (int) Math.ceil(x0 - 0.5));
    int xb = Math.min(width - 1, (int) Math.ceil(x1 - 0.5) - 1);
    int ya = Math.max(0, (int) Math.ceil(y0 - 0.5));
    int yb = Math.min(height - 1, (int) Math.ceil(y1 - 0.5) - 1);
    for (int y = ya; y <= yb; y++) {
      for (int x = xa; x <= xb; x++) {
        if (inside.test(x + 0.5, y + 0.5)) {
          int o = (y * width + x) * 3;
          rgb[o] = (byte) c.r;
          rgb[o + 1] = (byte) c.g;
          rgb[o + 2] = (byte) c.b;
        }
      }
    }
  }

  private static double sq(double v) {
    return v * v;
  }
}
