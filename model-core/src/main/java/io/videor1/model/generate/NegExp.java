package io.videor1.model.generate;

/**
 * e^−d for 0 ≤ d ≤ {@link #MAX}, several times cheaper than {@link Math#exp}, with a proven error bound: the
 * selection sampler's masses need to be close to the reference's, not equal to them (its decisions carry a margin).
 *
 * <p>d = k/1024 + r with the cell k = floor(1024·d) and r in [0, 1/1024): e^−d = e^−(k/128)/8 · e^−(k%128)/1024 ·
 * e^−r, the first two factors from tables filled by {@code Math.exp} (within 1 ulp each, its contract), the third
 * from its Taylor series to r^3, whose truncation is below r^4/4! &lt; 2^−40/24 &lt; 344·2^−53. With the roundings
 * of the series and the two products the result is within {@link #ERROR_UNITS} units of roundoff (2^−53, relative)
 * of {@code Math.exp(-d)}, which is itself within 1 ulp of e^−d.
 */
final class NegExp {
  /** The largest argument. */
  static final double MAX = 64;
  /** Cells per unit of d: the selection sampler's bins are runs of cells. */
  static final int CELLS = 1024;
  /**
   * A bound of |of(d) − Math.exp(−d)| / Math.exp(−d) in units of 2^−53: 344 (series) + 2 + 2 (tables) + 4
   * (series and product roundings) + 2 (Math.exp's own ulp), rounded up.
   */
  static final int ERROR_UNITS = 512;
  /** The widest argument of {@link #ofNarrow}: at most the width of the selection sampler's bins. */
  static final double NARROW = 1.0 / 32;
  /**
   * A bound of |ofNarrow(r) − e^−r| / e^−r in units of 2^−53: the series' truncation r^7/7! ≤ 2^−35/5040 &lt;
   * 2^−47.29, over e^−r ≥ e^−1/32 &gt; 0.969, is under 54 units; of the roundings (the coefficients 1/6 to 1/720,
   * the six products and six differences) the last difference's is 1 unit and every other enters multiplied by
   * r ≤ 1/32, under 2 units in all; 64 leaves room. BinnedRowTest checks 2^22 arguments against Math.exp.
   */
  static final int NARROW_ERROR_UNITS = 64;
  // the series' coefficients 1/j!, shared with RowLanes so that both round them alike
  static final double C3 = 1.0 / 6;
  static final double C4 = 1.0 / 24;
  static final double C5 = 1.0 / 120;
  static final double C6 = 1.0 / 720;
  private static final double CELL = 1.0 / CELLS;
  private static final double[] COARSE = new double[(int) (MAX * CELLS) / 128 + 1]; // e^−j/8
  private static final double[] FINE = new double[128]; // e^−i/1024

  static {
    for (int j = 0; j < COARSE.length; j++) {
      COARSE[j] = Math.exp(-j / 8.0);
    }
    for (int i = 0; i < FINE.length; i++) {
      FINE[i] = Math.exp(-i * CELL);
    }
  }

  private NegExp() {}

  /** The cell of d: floor(1024·d), exact since 1024·d is (a power of two). */
  static int cell(double d) {
    return (int) (d * CELLS);
  }

  /** e^−d for 0 ≤ d ≤ 64, given k = {@link #cell}(d). */
  static double of(double d, int k) {
    double r = d - k * CELL; // exact: Sterbenz for k ≥ 1, r = d for k = 0
    double e = 1 - r * (1 - r * (0.5 - r * (1.0 / 6)));
    return COARSE[k >> 7] * FINE[k & 127] * e;
  }

  /** e^−d for 0 ≤ d ≤ 64. */
  static double of(double d) {
    return of(d, cell(d));
  }

  /**
   * e^−r for 0 ≤ r ≤ {@link #NARROW} (−0 included), by its Taylor series to r^6 alone: no table, so that a row's
   * binning can evaluate it in vector lanes and take the rest of e^−d from its bin (see {@link BinnedRow}).
   * Multiplies and subtractions, no fused multiply-add, so that scalar and vector code give the same bits.
   */
  static double ofNarrow(double r) {
    return 1 - r * (1 - r * (0.5 - r * (C3 - r * (C4 - r * (C5 - r * C6)))));
  }
}
