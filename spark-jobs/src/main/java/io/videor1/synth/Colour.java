package io.videor1.synth;

import java.util.List;

/** The colours scenes are painted with; the first six are the palette that questions name. */
public enum Colour {
  RED(220, 40, 40),
  GREEN(40, 170, 60),
  BLUE(45, 90, 225),
  YELLOW(235, 200, 30),
  PURPLE(145, 60, 195),
  ORANGE(245, 135, 25),
  /** An unlit lamp, the walls. */
  GREY(120, 120, 120),
  /** Text. */
  BLACK(25, 25, 25),
  /** Background. */
  PAPER(236, 236, 230),
  /** Grid lines. */
  LINE(205, 205, 198);

  /** The colours objects can have and questions can name. */
  public static final List<Colour> PALETTE = List.of(RED, GREEN, BLUE, YELLOW, PURPLE, ORANGE);

  final int r;
  final int g;
  final int b;

  Colour(int r, int g, int b) {
    this.r = r;
    this.g = g;
    this.b = b;
  }

  /** The English name used in questions and answers ("red"). */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
