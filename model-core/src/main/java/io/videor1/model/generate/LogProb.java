package io.videor1.model.generate;

/**
 * The log-probability a generated token records, log_softmax(logits)[token] in double cast to float: bit for bit
 * what {@link #reference} computes, in about half its time.
 *
 * <p>The reference sums {@code Math.exp(l − max)} over the row in index order. This class sums {@link NegExp}'s
 * values in four interleaved accumulators (ids more than 64 below the maximum left out) and bounds how far its log of
 * the sum can be from the reference's: the two sums' rounding (n·2^−53 each, relative), NegExp's error and the
 * unsummed tail, then Math.log's and the subtractions' ulps. When every double within that bound of its result
 * rounds to the same float, that float is the reference's; otherwise (about one token in 10^4 at 152k ids, and rows
 * with NaN, +∞, only −∞ or a zero maximum) the reference runs.
 */
final class LogProb {
  private static final double UNIT = 0x1p-53;
  private static final double TAIL_WEIGHT = Math.nextUp(Math.exp(-NegExp.MAX));

  private LogProb() {}

  /** log_softmax(logits[off, off + vocab))[token]. */
  static float of(float[] logits, int off, int vocab, int token) {
    float f = tryOf(logits, off, vocab, token);
    return f == f ? f : reference(logits, off, vocab, token);
  }

  /** The reference's result, or NaN where this class cannot prove it (the reference's own NaNs included). */
  static float tryOf(float[] logits, int off, int vocab, int token) {
    float max = Float.NEGATIVE_INFINITY;
    boolean nan = false;
    for (int i = off; i < off + vocab; i++) {
      float x = logits[i];
      if (!(x <= max)) { // a new maximum, or NaN (branches: rarely taken, unlike Math.max's chained blend)
        nan |= x != x;
        max = x != x ? max : x;
      }
    }
    if (nan || Float.isInfinite(max) || max == 0) { // ±0 maxima: the reference's sign of zero is its own
      return Float.NaN;
    }
    double m = max;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int tail = 0;
    int i = off;
    for (; i + 3 < off + vocab; i += 4) { // four chains: one would wait on each addition
      double d0 = m - logits[i];
      double d1 = m - logits[i + 1];
      double d2 = m - logits[i + 2];
      double d3 = m - logits[i + 3];
      tail += (d0 > NegExp.MAX ? 1 : 0) + (d1 > NegExp.MAX ? 1 : 0) + (d2 > NegExp.MAX ? 1 : 0)
          + (d3 > NegExp.MAX ? 1 : 0);
      s0 += term(d0);
      s1 += term(d1);
      s2 += term(d2);
      s3 += term(d3);
    }
    for (; i < off + vocab; i++) {
      double d = m - logits[i];
      tail += d > NegExp.MAX ? 1 : 0;
      s0 += term(d);
    }
    double z = (s0 + s1) + (s2 + s3); // ≥ 1: the maximum's term is e^0
    // |z − the reference's sum| ≤ both summations' rounding + NegExp's error + the tail, with a factor 2 to spare
    double zErr = (4.0 * vocab + 8 * NegExp.ERROR_UNITS) * UNIT * z + 2 * tail * TAIL_WEIGHT;
    double log = Math.log(z);
    double x = (logits[off + token] - m) - log;
    double bound = 1.01 * zErr / z + 4 * Math.ulp(log) + 2 * Math.ulp(x);
    float f = (float) x;
    return (float) (x - bound) == f && (float) (x + bound) == f ? f : Float.NaN;
  }

  private static double term(double d) {
    return d > NegExp.MAX ? 0 : NegExp.of(d); // −∞ logits (d = +∞) weigh 0, as exp(−∞) does
  }

  /** The sampling-time log-prob every rollout recorded before issue #29, kept as the reference. */
  static float reference(float[] logits, int off, int vocab, int token) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < vocab; i++) {
      max = Math.max(max, logits[off + i]);
    }
    double z = 0;
    for (int i = 0; i < vocab; i++) {
      z += Math.exp(logits[off + i] - max);
    }
    return (float) (logits[off + token] - max - Math.log(z));
  }
}
