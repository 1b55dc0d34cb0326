package io.videor1.synth;

import java.util.List;
import java.util.Locale;

/** What an item on screen looks like; the first four are the shapes that questions name. */
public enum Shape {
  CIRCLE,
  SQUARE,
  TRIANGLE,
  DIAMOND,
  /** A string drawn with {@link BitmapFont}. */
  TEXT,
  /** A full-height bar at the left or right edge that a ball bounces off. */
  WALL;

  /** The shapes objects can have and questions can name. */
  public static final List<Shape> SOLIDS = List.of(CIRCLE, SQUARE, TRIANGLE, DIAMOND);

  /** The English name ("circle"). */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The plural ("circles"). */
  public String plural() {
    return word() + "s";
  }
}
