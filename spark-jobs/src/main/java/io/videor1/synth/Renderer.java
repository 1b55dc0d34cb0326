package io.videor1.synth;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws a {@link Scene} into frames: paper, grid lines, statics, then the beat's items, then grain.
 *
 * <p>Frame {@code i} shows beat {@code k}, the last sampled frame at or before it; an item present in beats k and k+1
 * is moved linearly between them, everything else (presence, colour, text) holds until the next beat. So the frames
 * Video-R1's sampler takes show exactly the scene's beats, whatever the frame rate.
 *
 * <p>Grain is a fixed pattern per video (an offset into one table of noise), like a sensor's fixed-pattern noise:
 * independent noise in every frame made the videos about 20 times larger (282 KB instead of 15 KB for 16 frames at
 * 224 x 224) and adds nothing to the questions.
 */
final class Renderer {
  private static final int GRAIN_TABLE_BITS = 20;
  private static final long GRAIN_TABLE_SEED = 0x5EED_6A1BL;

  private final Grid grid;
  private final double objectScale;
  private final int[] beatFrames;
  private final byte[] grain;

  Renderer(SynthConfig cfg) {
    this.grid = new Grid(cfg.width(), cfg.height(), cfg.cells());
    this.objectScale = cfg.objectScale();
    this.beatFrames = cfg.beatFrames();
    this.grain = cfg.noise() == 0 ? null : grainTable(cfg.noise());
  }

  private static byte[] grainTable(int amplitude) {
    SplittableRandom r = new SplittableRandom(GRAIN_TABLE_SEED);
    byte[] t = new byte[1 << GRAIN_TABLE_BITS];
    for (int i = 0; i < t.length; i++) {
      t[i] = (byte) (r.nextInt(2 * amplitude + 1) - amplitude);
    }
    return t;
  }

  /** Draws frame {@code frame} of a video scene (or the image, for frame 0 of an image scene). */
  void draw(Scene s, int frame, int grainOffset, Canvas c) {
    int k = 0;
    while (k + 1 < s.beats().size() && beatFrames[k + 1] <= frame) {
      k++;
    }
    double t = 0;
    List<Item> next = null;
    if (s.video() && k + 1 < s.beats().size()) {
      t = (frame - beatFrames[k]) / (double) (beatFrames[k + 1] - beatFrames[k]);
      next = s.beats().get(k + 1);
    }
    c.clear(Colour.PAPER);
    drawGrid(c);
    for (Item it : s.statics()) {
      drawItem(c, it);
    }
    Map<String, Item> after = new HashMap<>();
    if (next != null && t > 0) {
      for (Item it : next) {
        after.put(it.id(), it);
      }
    }
    for (Item it : s.beats().get(k)) {
      Item to = after.get(it.id());
      drawItem(c, to == null ? it : it.at(it.x() + (to.x() - it.x()) * t, it.y() + (to.y() - it.y()) * t));
    }
    if (grain != null) {
      c.addGrain(grain, grainOffset);
    }
  }

  private void drawGrid(Canvas c) {
    for (int i = 0; i <= grid.cols(); i++) {
      double x = grid.px(i);
      c.fillRect(x - 0.5, grid.py(0), x + 0.5, grid.py(grid.rows()), Colour.LINE);
    }
    for (int j = 0; j <= grid.rows(); j++) {
      double y = grid.py(j);
      c.fillRect(grid.px(0), y - 0.5, grid.px(grid.cols()), y + 0.5, Colour.LINE);
    }
  }

  private void drawItem(Canvas c, Item it) {
    double cx = grid.px(it.x());
    double cy = grid.py(it.y());
    double r = grid.cellPx() * 0.36 * objectScale;
    switch (it.shape()) {
      case CIRCLE -> c.fillCircle(cx, cy, r, it.colour());
      case SQUARE -> c.fillRect(cx - r * 0.88, cy - r * 0.88, cx + r * 0.88, cy + r * 0.88, it.colour());
      case TRIANGLE -> c.fillTriangle(cx, cy, r, it.colour());
      case DIAMOND -> c.fillDiamond(cx, cy, r * 1.15, it.colour());
      case WALL -> c.fillRect(cx - grid.cellPx() * 0.15, 0, cx + grid.cellPx() * 0.15, c.height(), it.colour());
      case TEXT -> c.drawText(it.text(), cx, cy, grid.fontScale(), it.colour());
    }
  }

  /** A random grain offset for one video. */
  int grainOffset(SplittableRandom rng) {
    return rng.nextInt(1 << GRAIN_TABLE_BITS);
  }
}
