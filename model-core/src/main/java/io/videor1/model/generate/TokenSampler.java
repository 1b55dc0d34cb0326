package io.videor1.model.generate;

import java.util.SplittableRandom;

/**
 * Draws one token from a row of logits: suppression, temperature, top-k, top-p, then inverse-CDF sampling with one
 * uniform draw from the sample's own stream (so a sample replays exactly from its seed).
 *
 * <p>Truncation follows transformers' warpers (see {@link SortingSampler}, which defines the token a uniform maps
 * to). {@link SamplerKind#SELECTION} finds that token in a few passes over the row ({@link SelectionSampler}) and
 * runs the sort only for rows where it cannot prove the result; {@link SamplerKind#SORTING} always sorts, and so do
 * rows of fewer than {@value #SMALL_VOCAB} ids. Either way one uniform is taken from the stream per sampled token,
 * none for greedy decoding. Not thread-safe: one per decode loop.
 */
public final class TokenSampler {
  /**
   * Below this many ids the reference is as fast as the selection path (measured: equal at the demo's 288, the
   * selection path 3.8x faster at 512), so small rows, the demo's among them, run exactly the code they always ran.
   */
  static final int SMALL_VOCAB = 512;

  private final SamplingParams params;
  private final boolean[] suppressed;
  private final SelectionSampler selection;
  private final boolean sorting;

  /** A sampler for rows of {@code vocab} logits. */
  public TokenSampler(SamplingParams params, int vocab, SamplerKind kind) {
    this.params = params;
    this.suppressed = new boolean[vocab];
    params.suppressTokenIds().forEach(id -> {
      if (id >= 0 && id < vocab) {
        suppressed[id] = true;
      }
    });
    this.sorting = kind == SamplerKind.SORTING || vocab < SMALL_VOCAB;
    this.selection = !sorting && !params.greedy() ? new SelectionSampler(params, suppressed) : null;
  }

  /** The chosen token of {@code logits[off, off + vocab)}. */
  public int sample(float[] logits, int off, int vocab, SplittableRandom rng) {
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
    return draw(logits, off, vocab, rng.nextDouble());
  }

  /** The token the uniform {@code u} in [0, 1) maps to (sampling, not greedy). */
  public int draw(float[] logits, int off, int vocab, double u) {
    if (vocab > suppressed.length) {
      throw new IllegalArgumentException("a row of " + vocab + " logits for a sampler of " + suppressed.length);
    }
    if (selection != null && vocab == suppressed.length) {
      int token = selection.tryDraw(logits, off, vocab, u);
      if (token != SelectionSampler.UNDECIDED) {
        return token;
      }
    }
    return SortingSampler.draw(logits, off, vocab, suppressed, params, u);
  }

  /** Rows the selection path handed to the sorting reference (it could not prove its token); 0 for SORTING. */
  public long fallbacks() {
    return selection == null ? 0 : selection.undecided;
  }

  /**
   * log_softmax(logits)[token] of a row in double, cast to float: the sampling-time log-prob every generated token
   * records. The same bits either way; SORTING computes it as before issue #29 ({@link LogProb#reference}).
   */
  public float logProb(float[] logits, int off, int vocab, int token) {
    return sorting ? LogProb.reference(logits, off, vocab, token) : LogProb.of(logits, off, vocab, token);
  }
}
