package io.videor1.model.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.videor1.model.nn.Widen;

/**
 * The LM head's product over a weight stored narrower than the hidden states, a vocabulary chunk at a time.
 *
 * <p>Why: Qwen2.5-VL-7B's {@code lm_head} (and {@code embed_tokens}) is 152,064 × 3,584, 1.09 GB in float16 and
 * 2.18 GB in float32. Widening it whole for each product (every decode step, every log-prob pass) would hold a second,
 * float32 copy of the largest tensor and double the weights' peak. Here each chunk of rows is sliced (a view), widened,
 * multiplied and its copy closed, so a pass without autograd holds one chunk's float32 copy at a time; with autograd
 * the graph keeps the chunks it needs for backward until it is freed. The logits equal those of one product with the
 * whole widened weight: each logit is the same dot product of one row, whichever chunk the row is in.
 */
final class HeadChunks {
  /** Bytes of float32 weight widened at a time: 9,362 rows of 7B's head. */
  static final long CHUNK_BYTES = 128L << 20;

  private HeadChunks() {}

  /** Rows per chunk for a head of {@code width} input features. */
  static long rows(long width) {
    return Math.max(1, CHUNK_BYTES / (width * 4));
  }

  /**
   * {@code hidden · wᵀ} with {@code w} widened {@code rows} vocabulary rows at a time.
   *
   * @param hidden [..., H] in the compute dtype
   * @param w [V, H], stored in float16
   * @return logits [..., V] in hidden's dtype and manager
   */
  static NDArray logits(NDArray hidden, NDArray w, long rows) {
    long v = w.getShape().get(0);
    int n = (int) ((v + rows - 1) / rows);
    long[] cuts = new long[n - 1];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = (i + 1) * rows;
    }
    // Views of the stored rows, through which autograd reaches a trainable head.
    NDList slices = n == 1 ? new NDList(w) : w.split(cuts, 0); // n × [c, H] stored dtype
    if (n > 1) {
      slices.attach(hidden.getManager()); // the views belong to the call, not the model
    }
    NDList parts = new NDList();
    try {
      for (NDArray slice : slices) {
        NDArray wide = Widen.like(slice, hidden); // [c, H] float32
        parts.add(hidden.getNDArrayInternal().linear(hidden, wide, null).singletonOrThrow()); // [..., c]
        Widen.release(wide, slice);
      }
      return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, -1); // [..., V]
    } finally {
      if (n > 1) {
        slices.close();
        parts.close(); // concat copied them; autograd needs none of them to split the gradient back
      }
    }
  }
}
