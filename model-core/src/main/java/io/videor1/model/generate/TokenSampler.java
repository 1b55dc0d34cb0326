package io.videor1.model.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws one token from a row of logits: suppression, temperature, top-k, top-p, then inverse-CDF sampling with one
 * uniform draw from the sample's own stream (so a sample replays exactly from its seed).
 *
 * <p>Truncation follows transformers' warpers: top-k keeps the k largest logits (ties at the boundary kept), top-p
 * sorts by probability and drops the tail whose cumulative mass from the bottom is at most 1 − p, always keeping the
 * most likely token.
 */
final class TokenSampler {
  private final SamplingParams params;
  private final boolean[] suppressed;

  TokenSampler(SamplingParams params, int vocab) {
    this.params = params;
    this.suppressed = new boolean[vocab];
    params.suppressTokenIds().forEach(id -> {
      if (id >= 0 && id < vocab) {
        suppressed[id] = true;
      }
    });
  }

  /** The chosen token of {@code logits[off, off + vocab)}. */
  int sample(float[] logits, int off, int vocab, SplittableRandom rng) {
    if (params.greedy()) {
      int best = -1;
      float bestV = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < vocab; i++) {
        float v = logits[off + i];
        if (!suppressed[i] && (best < 0 || v > bestV)) {
          best = i;
          bestV = v;
        }
      }
      if (best < 0) {
        throw new IllegalArgumentException("sampling.suppressTokenIds leaves no token to sample");
      }
      return best;
    }
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
    double u = rng.nextDouble() * z;
    double acc = 0;
    for (int i = n - 1; i >= keepFrom; i--) {
      acc += p[i];
      if (u < acc) {
        return (int) packed[i];
      }
    }
    return (int) packed[n - 1];
  }

  private static float value(long packed, float[] logits, int off, double inv) {
    return (float) (logits[off + (int) packed] * inv);
  }

  /** Float bits mapped so that signed int order equals float order. */
  private static int sortable(float v) {
    int b = Float.floatToIntBits(v);
    return b >= 0 ? b : b ^ 0x7fffffff;
  }

  /** log_softmax(logits)[token] of a row, in double. */
  static float logProb(float[] logits, int off, int vocab, int token) {
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
