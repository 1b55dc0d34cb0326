package io.videor1.synth;

/**
 * The layout shared by scenes and the renderer: {@code cells} square cells along the shorter side of the frame
 * ({@code synth.cells}, 8 by default), as many as fit along the longer one, centred.
 *
 * <p>At 224 x 224 and 8 cells a cell is 28 pixels, the size of one Qwen2.5-VL visual token, so "how many cells"
 * questions ask about a unit the model's own patches make visible. The demo's 1 cell makes the object fill the frame.
 */
record Grid(int width, int height, int cells) {
  static final int CELLS_ON_SHORT_SIDE = 8;

  Grid(int width, int height) {
    this(width, height, CELLS_ON_SHORT_SIDE);
  }

  double cellPx() {
    return Math.min(width, height) / (double) cells;
  }

  int cols() {
    return (int) Math.floor(width / cellPx() + 1e-9);
  }

  int rows() {
    return (int) Math.floor(height / cellPx() + 1e-9);
  }

  double originX() {
    return (width - cols() * cellPx()) / 2;
  }

  double originY() {
    return (height - rows() * cellPx()) / 2;
  }

  /** Pixel x of grid coordinate x. */
  double px(double x) {
    return originX() + x * cellPx();
  }

  /** Pixel y of grid coordinate y. */
  double py(double y) {
    return originY() + y * cellPx();
  }

  /** Font pixels per glyph pixel: letters about three quarters of a cell tall. */
  int fontScale() {
    return Math.max(1, (int) Math.round(cellPx() * 0.75 / BitmapFont.HEIGHT));
  }

  /** Characters that fit across the frame with half a cell of margin on each side. */
  int maxTextChars() {
    return (int) Math.floor((width - cellPx()) / (BitmapFont.ADVANCE * fontScale()));
  }
}
