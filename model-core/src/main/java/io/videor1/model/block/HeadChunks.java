package io.videor1.model.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.jni.JniUtils;
import io.videor1.model.nn.RowChunks;
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
   * {@code log_softmax(hidden · wᵀ)[target]} for a frozen head, with its gradient with respect to {@code hidden} but
   * without autograd keeping any part of the widened head.
   *
   * <p>Why: under autograd, the product's backward needs the head to pass the gradient to the hidden states, so the
   * graph would keep every chunk's float32 copy: the whole head in float32 (2.18 GB for 7B) until backward. Instead the
   * value and its gradient are computed here without autograd, a chunk at a time: for log p_t = z_t − logsumexp(z),
   * z = W·h, the gradient is W[t] − Σ_v p_v W[v] = W[t] − pᵀW. The result is {@code lp + sum((h − detach(h)) · g)}:
   * its value is lp exactly (the added term is zero) and autograd's gradient with respect to h is g, as the product's
   * backward would give (the same sums, in another order).
   *
   * @param hidden [B, c, H] in float32
   * @param w [V, H] stored in float16, not trainable
   * @param targets [B, c] int64 token ids
   * @return [B, c] float32 log-probs carrying hidden's graph
   */
  static NDArray targetLogProbs(NDArray hidden, NDArray w, NDArray targets, long rows) {
    NDManager m = hidden.getManager();
    NDArray lp;
    NDArray g;
    boolean was = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try (NDManager scope = m.newSubManager()) {
      NDArray h = hidden.stopGradient(); // [B, c, H]
      h.attach(scope); // results go to their first operand's manager: the scope frees them all
      NDArray logSoftmax = logits(h, w, rows).logSoftmax(2); // [B, c, V]
      NDArray idx = targets.expandDims(2); // [B, c, 1]
      idx.attach(scope);
      lp = logSoftmax.gather(idx, 2).squeeze(2); // [B, c]
      NDArray p = logSoftmax.exp(); // [B, c, V]
      logSoftmax.close();
      NDArray expected = probabilityWeighted(p, w, rows); // [B, c, H] pᵀW
      NDArray ids = targets.duplicate(); // [B, c]
      ids.attach(scope);
      NDArray picked = ids.getNDArrayInternal().embedding(ids, w, SparseFormat.DENSE).singletonOrThrow(); // [B, c, H]
      g = Widen.like(picked, h).sub(expected); // [B, c, H] d lp / d h
      lp.attach(m);
      g.attach(m);
    } finally {
      JniUtils.setGradMode(was);
    }
    NDArray zero = hidden.sub(hidden.stopGradient()); // [B, c, H] zeros on hidden's graph
    return lp.add(zero.mul(g).sum(new int[] {2})); // [B, c]
  }

  /** pᵀW: the probabilities [B, c, V] times the head [V, H], widened a chunk of rows at a time; [B, c, H]. */
  private static NDArray probabilityWeighted(NDArray p, NDArray w, long rows) {
    long v = w.getShape().get(0);
    NDArray acc = null;
    for (long s = 0; s < v; s += rows) {
      long e = Math.min(v, s + rows);
      try (NDManager chunk = p.getManager().newSubManager()) {
        NDArray slice = w.get(s + ":" + e); // [c, H] a view
        slice.attach(chunk);
        NDArray pc = p.get(":, :, " + s + ":" + e); // [B, c, rows]
        pc.attach(chunk);
        NDArray part = pc.matMul(Widen.into(slice, DataType.FLOAT32, chunk)); // [B, c, H]
        if (acc == null) {
          acc = part;
          acc.attach(p.getManager());
        } else {
          acc.addi(part);
        }
      }
    }
    return acc;
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
        parts.add(RowChunks.linear(hidden, wide, null)); // [..., c]
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
