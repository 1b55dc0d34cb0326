package io.videor1.model.generate;

import java.util.Arrays;

/**
 * The exact reference sampler: sorts the whole row, then temperature, top-k, top-p and the inverse-CDF draw, each
 * summation in the order written below. This is the sampler every rollout before issue #29 drew with, kept verbatim
 * (only the uniform draw is passed in instead of taken from the stream here): its summation order and its tie order
 * (ascending value, then ascending id; the draw walks from the top, so among equal values the larger id comes
 * first) define which token a uniform maps to. {@link SelectionSampler} falls back to it wherever it cannot prove it
 * finds the same token, and {@code bench rollout} times it as the old path.
 *
 * <p>Truncation follows transformers' warpers: top-k keeps the k largest logits (ties at the boundary kept), top-p
 * sorts by probability and drops the tail whose cumulative mass from the bottom is at most 1 − p, always keeping the
 * most likely token.
 */
final class SortingSampler {
  private SortingSampler() {}

  /**
   * The token of {@code logits[off, off + vocab)} that the uniform {@code u} in [0, 1) maps to.
   *
   * @param suppressed ids that are never drawn ([vocab])
   */
  static int draw(float[] logits, int off, int vocab, boolean[] suppressed, SamplingParams params, double u) {
    double inv = 1.0 / params.temperature();
    long[] packed = new long[vocab];
    int n = 0;
    for (int i = 0; i < vocab; i++) {
      if (!suppressed[i]) {
        float v = (float) (logits[off + i] * inv);
        packed[n++] = ((long) sortable(v) << 32) | i;
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("sampling.suppressTokenIds leaves no token to sample");
    }
    packed = Arrays.copyOf(packed, n);
    Arrays.sort(packed); // ascending by scaled logit, then id
    int keepFrom = 0;
    if (params.topK() > 0 && params.topK() < n) {
      float kth = value(packed[n - params.topK()], logits, off, inv);
      keepFrom = n - params.topK();
      while (keepFrom > 0 && value(packed[keepFrom - 1], logits, off, inv) == kth) {
        keepFrom--;
      }
    }
    double max = value(packed[n - 1], logits, off, inv);
    double[] p = new double[n];
    double z = 0;
    for (int i = keepFrom; i < n; i++) {
      p[i] = Math.exp(value(packed[i], logits, off, inv) - max);
      z += p[i];
    }
    if (params.topP() < 1.0) {
      double cum = 0;
      int cut = keepFrom;
      while (cut < n - 1 && (cum + p[cut]) / z <= 1 - params.topP()) {
        cum += p[cut];
        cut++;
      }
      for (int i = keepFrom; i < cut; i++) {
        z -= p[i];
        p[i] = 0;
      }
      keepFrom = cut;
    }
    double x = u * z;
    double acc = 0;
    for (int i = n - 1; i >= keepFrom; i--) {
      acc += p[i];
      if (x < acc) {
        return (int) packed[i];
      }
    }
    return (int) packed[n - 1];
  }

  private static float value(long packed, float[] logits, int off, double inv) {
    return (float) (logits[off + (int) packed] * inv);
  }

  /** Float bits mapped so that signed int order equals float order (−0 just below +0, NaN at the ends). */
  static int sortable(float v) {
    int b = Float.floatToIntBits(v);
    return b >= 0 ? b : b ^ 0x7fffffff;
  }
}
