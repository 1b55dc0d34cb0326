package io.videor1.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Scaled dot-product attention over a list of key/value segments, for grouped-query heads, without repeating K/V.
 *
 * <p>The query heads that share a key/value head are folded into the row axis ([B, KvH, rep·T, D]), so one batched
 * matmul per segment serves all of them (transformers' {@code repeat_kv} copies K and V instead). A segment may have
 * batch 1 and is then broadcast over the queries' batch: that is how a prompt's KV cache is shared by the G samples of
 * a group without copying it. Softmax runs in float32, as in transformers.
 *
 * <p>In half precision the scores are float32 too: q and k are widened before Q·Kᵀ, the mask is added and the
 * softmax taken in float32, and only the probabilities go back to half for P·V. Eager fp16 Q·Kᵀ exceeds ±65504 on
 * Qwen2 (transformers PR #33317: NaN perplexity in fp16 eager, 7.1379 with q and k cast to fp32, as sdpa/FA2 give),
 * and CPU and GPU half matmuls accumulate in float anyway, so this costs only the casts.
 */
public final class Attention {
  private Attention() {}

  /** One key/value segment: k, v [Bk, KvH, S, D] with Bk = 1 (shared) or the query batch. */
  public record Kv(NDArray k, NDArray v) {
    /** Tokens in the segment. */
    public long length() {
      return k.getShape().get(2);
    }
  }

  /**
   * Attends queries to all of {@code visible} and causally to their own keys.
   *
   * @param q [B, H, T, D], already rotated
   * @param visible earlier segments every query sees whole (may be empty)
   * @param own the queries' own keys/values [B, KvH, T, D]; query t sees own keys 0..t
   * @param scale the softmax scale, 1/√D
   * @return [B, T, H·D]
   */
  public static NDArray causal(NDArray q, List<Kv> visible, Kv own, float scale) {
    Shape s = q.getShape();
    long b = s.get(0);
    long h = s.get(1);
    long t = s.get(2);
    long d = s.get(3);
    long kvh = own.k.getShape().get(1);
    long rep = h / kvh;
    DataType dt = q.getDataType();
    NDArray qs = widen(q, q); // float32 scores in half precision
    // The scale is an array of the call's manager, not a Number: DJL's mul(Number) frees its temporary scalar while
    // autograd still holds it for the backward pass (see Scalars).
    NDArray qg = qs.mul(Scalars.of(qs, scale)).reshape(b, kvh, rep * t, d); // [B, KvH, rep·T, D]
    List<Kv> all = new ArrayList<>(visible);
    all.add(own);
    NDList scores = new NDList();
    for (int i = 0; i < all.size(); i++) {
      NDArray si = qg.matMul(widen(all.get(i).k, qg).transpose(0, 1, 3, 2)); // [B, KvH, rep·T, S_i]
      if (i == all.size() - 1 && t > 1) {
        NDArray mask = causalMask(si.getManager(), t, si.getDataType()); // [T, T]
        si = si.reshape(b, kvh, rep, t, t).add(mask).reshape(b, kvh, rep * t, t);
      }
      scores.add(si);
    }
    NDArray p = narrow(softmax(scores.size() == 1 ? scores.get(0) : NDArrays.concat(scores, 3)), dt); // [B, KvH, rep·T, ΣS]
    NDArray out = null;
    if (all.size() == 1) {
      out = p.matMul(own.v);
    } else {
      long[] cuts = new long[all.size() - 1];
      long acc = 0;
      for (int i = 0; i < cuts.length; i++) {
        acc += all.get(i).length();
        cuts[i] = acc;
      }
      NDList parts = p.split(cuts, 3);
      for (int i = 0; i < all.size(); i++) {
        NDArray oi = parts.get(i).matMul(all.get(i).v); // [B, KvH, rep·T, D]
        out = out == null ? oi : out.add(oi);
      }
    }
    return out.reshape(b, h, t, d).transpose(0, 2, 1, 3).reshape(b, t, h * d); // [B, T, H·D]
  }

  /**
   * Full (non-causal) attention within independent sequences of equal length.
   *
   * @param q [N, H, L, D], already rotated
   * @param k [N, H, L, D]
   * @param v [N, H, L, D]
   * @return [N, H, L, D]
   */
  public static NDArray full(NDArray q, NDArray k, NDArray v, float scale) {
    NDArray qs = widen(q, q);
    NDArray p = softmax(qs.mul(Scalars.of(qs, scale)).matMul(widen(k, qs).transpose(0, 1, 3, 2))); // [N, H, L, L]
    return narrow(p, q.getDataType()).matMul(v);
  }

  /**
   * {@code x} in float32 (itself when it is); a widened copy belongs to {@code owner}'s manager, so a prompt's
   * cached keys widened for a micro-batch are freed with the micro-batch, not kept until the prompt's manager closes.
   */
  private static NDArray widen(NDArray x, NDArray owner) {
    if (x.getDataType() == DataType.FLOAT32) {
      return x;
    }
    NDArray w = Casts.to(x, DataType.FLOAT32);
    w.attach(owner.getManager());
    return w;
  }

  /** Float32 probabilities back to the compute dtype {@code dt}. */
  private static NDArray narrow(NDArray p, DataType dt) {
    return Casts.to(p, dt);
  }

  private static NDArray softmax(NDArray scores) {
    DataType dt = scores.getDataType();
    if (dt == DataType.FLOAT32) {
      return scores.softmax(3);
    }
    return Casts.to(Casts.to(scores, DataType.FLOAT32).softmax(3), dt);
  }

  /** Additive causal mask [T, T]: 0 on and below the diagonal, −∞ above. */
  static NDArray causalMask(NDManager m, long t, DataType dt) {
    int n = (int) t;
    float[] mask = new float[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        mask[i * n + j] = Float.NEGATIVE_INFINITY;
      }
    }
    NDArray a = m.create(mask, new Shape(t, t));
    return dt == DataType.FLOAT32 ? a : a.toType(dt, false);
  }
}
