package io.videor1.synth;

/**
 * One thing on screen at one sampled frame: the unit of a scene's ground truth.
 *
 * <p>Positions are in grid cells from the top-left corner ({@code x} right, {@code y} down); a cell centre is at
 * {@code i + 0.5}. An item absent from a frame is not visible in it.
 *
 * @param id stable across frames, so a viewer can track it
 * @param text the string of a {@link Shape#TEXT} item, else null
 */
public record Item(String id, Shape shape, Colour colour, double x, double y, String text) {
  /** A solid object. */
  public static Item solid(String id, Shape shape, Colour colour, double x, double y) {
    return new Item(id, shape, colour, x, y, null);
  }

  /** A text item. */
  public static Item text(String id, String text, double x, double y) {
    return new Item(id, Shape.TEXT, Colour.BLACK, x, y, text);
  }

  /** The same item elsewhere. */
  public Item at(double nx, double ny) {
    return new Item(id, shape, colour, nx, ny, text);
  }

  /** The same item in another colour (a lamp switching on). */
  public Item painted(Colour c) {
    return new Item(id, shape, c, x, y, text);
  }

  /** How a question names it: "the red circle". */
  public String describe() {
    return "the " + colour.word() + " " + shape.word();
  }
}
