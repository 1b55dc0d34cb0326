package io.videor1.synth;

import java.util.List;

/** The four directions of motion on the grid, with the words questions and answers use. */
enum Direction {
  LEFT(-1, 0, "left", "to the left"),
  RIGHT(1, 0, "right", "to the right"),
  UP(0, -1, "up", "up"),
  DOWN(0, 1, "down", "down");

  static final List<Direction> ALL = List.of(LEFT, RIGHT, UP, DOWN);

  final int dx;
  final int dy;
  /** The option text: "left". */
  final String word;
  /** In a sentence: "moves to the left". */
  final String phrase;

  Direction(int dx, int dy, String word, String phrase) {
    this.dx = dx;
    this.dy = dy;
    this.word = word;
    this.phrase = phrase;
  }

  boolean horizontal() {
    return dy == 0;
  }

  Direction opposite() {
    return switch (this) {
      case LEFT -> RIGHT;
      case RIGHT -> LEFT;
      case UP -> DOWN;
      case DOWN -> UP;
    };
  }

  /** The two directions at right angles to this one. */
  List<Direction> perpendicular() {
    return horizontal() ? List.of(UP, DOWN) : List.of(LEFT, RIGHT);
  }

  /** Whole cells between cell (cx, cy) and the grid's edge in this direction, on a grid of cols x rows. */
  int room(int cx, int cy, int cols, int rows) {
    return switch (this) {
      case LEFT -> cx;
      case RIGHT -> cols - 1 - cx;
      case UP -> cy;
      case DOWN -> rows - 1 - cy;
    };
  }
}
