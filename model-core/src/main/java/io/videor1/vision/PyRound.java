package io.videor1.vision;

/** Python's rounding helpers from {@code vision_process.py}; Python's {@code round} is half-to-even. */
public final class PyRound {
  private PyRound() {}

  /** f · round(x / f) with round-half-to-even. */
  public static long roundByFactor(double x, int factor) {
    return (long) Math.rint(x / factor) * factor;
  }

  /** f · ceil(x / f). */
  public static long ceilByFactor(double x, int factor) {
    return (long) Math.ceil(x / factor) * factor;
  }

  /** f · floor(x / f). */
  public static long floorByFactor(double x, int factor) {
    return (long) Math.floor(x / factor) * factor;
  }
}
