package io.videor1.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.videor1.model.config.TextConfig;
import io.videor1.model.generate.Generator;

/**
 * The decode steps' arithmetic rate against the engine's fp32 matmul peak, for issue #29's {@code decode_peak_share}.
 *
 * <p>Only the forward passes count (from the token ids to the logits in Java), not sampling, and only the rows that
 * decode a token: padding rows of a batched step are work done, not work wanted. A row's FLOPs are two per weight it
 * multiplies (the decoder's projections and the LM head; the embedding is a lookup) plus its attention, 2 x 2 x
 * hidden per position attended in each layer (scores and the weighted sum).
 */
final class DecodeRate implements Generator.StepListener {
  private final long flopsPerRow;
  private final long flopsPerContextToken;
  private double flops;
  private long nanos;
  private long rows;
  private long computedRows;

  DecodeRate(TextConfig t) {
    long h = t.hiddenSize();
    long kv = (long) t.numKeyValueHeads() * (h / t.numAttentionHeads());
    long layer = h * h + 2 * h * kv + h * h + 3 * h * t.intermediateSize(); // q, k, v, o, gate/up/down
    this.flopsPerRow = 2 * (t.numHiddenLayers() * layer + (long) t.vocabSize() * h);
    this.flopsPerContextToken = 4L * t.numHiddenLayers() * h;
  }

  @Override
  public void decodeStep(int rows, int computedRows, long contextTokens, long nanos) {
    this.flops += (double) rows * flopsPerRow + (double) contextTokens * flopsPerContextToken;
    this.nanos += nanos;
    this.rows += rows;
    this.computedRows += computedRows;
  }

  /** FLOP/s of the decode steps heard so far. */
  double flopsPerSecond() {
    return nanos == 0 ? Double.NaN : flops / (nanos / 1e9);
  }

  /** Rows computed (padding included) per row decoded. */
  double paddingFactor() {
    return rows == 0 ? Double.NaN : (double) computedRows / rows;
  }

  /**
   * The engine's fp32 matmul rate on {@code n} x {@code n} matrices with the current thread setting (best of
   * {@code repeats} after one warm-up), the peak the decode is held to.
   */
  static double matmulPeak(int n, int repeats) {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.randomNormal(new Shape(n, n));
      NDArray b = m.randomNormal(new Shape(n, n));
      double best = Double.MAX_VALUE;
      for (int r = -1; r < repeats; r++) {
        long t0 = System.nanoTime();
        try (NDArray c = a.matMul(b)) {
          c.toFloatArray(); // forces the result, as the decode's logits are
        }
        if (r >= 0) {
          best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
      }
      return 2.0 * n * n * n / best;
    }
  }
}
