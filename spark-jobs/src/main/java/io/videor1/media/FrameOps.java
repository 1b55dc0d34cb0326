package io.videor1.media;

/** Pixel operations on packed RGB/RGBA buffers that FFmpeg's scaler does not do for us. */
final class FrameOps {
  private FrameOps() {}

  /**
   * Rotates a packed image clockwise by 90, 180 or 270 degrees.
   *
   * @param src {@code [h, w, c]} bytes
   * @return {@code [h', w', c]} bytes, with h' = w and w' = h for 90 and 270
   */
  static byte[] rotateClockwise(byte[] src, int h, int w, int c, int degrees) {
    if (degrees == 0) {
      return src;
    }
    byte[] dst = new byte[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int dy;
        int dx;
        int dstW;
        switch (degrees) {
          case 90 -> {
            dy = x;
            dx = h - 1 - y;
            dstW = h;
          }
          case 180 -> {
            dy = h - 1 - y;
            dx = w - 1 - x;
            dstW = w;
          }
          case 270 -> {
            dy = w - 1 - x;
            dx = y;
            dstW = h;
          }
          default -> throw new IllegalArgumentException("rotation must be 0, 90, 180 or 270: " + degrees);
        }
        System.arraycopy(src, (y * w + x) * c, dst, (dy * dstW + dx) * c, c);
      }
    }
    return dst;
  }

  /**
   * Composites RGBA onto a white background, as the reference does for images with transparency (spec §3.6).
   *
   * @param rgba {@code [h, w, 4]} bytes
   * @return {@code [h, w, 3]} bytes
   */
  static byte[] compositeOnWhite(byte[] rgba) {
    int n = rgba.length / 4;
    byte[] rgb = new byte[n * 3];
    for (int i = 0; i < n; i++) {
      int a = rgba[i * 4 + 3] & 0xff;
      for (int k = 0; k < 3; k++) {
        int v = rgba[i * 4 + k] & 0xff;
        rgb[i * 3 + k] = (byte) ((v * a + 255 * (255 - a) + 127) / 255);
      }
    }
    return rgb;
  }
}
