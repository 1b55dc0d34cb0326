package io.videor1.model.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.videor1.model.config.TextConfig;
import io.videor1.model.nn.Attention;
import io.videor1.model.nn.HfBlock;
import io.videor1.model.nn.Linear;
import io.videor1.model.nn.Rotary;
import java.util.List;

/**
 * Qwen2 self-attention ({@code self_attn}): grouped-query heads, biases on q/k/v but not o, M-RoPE on q and k.
 */
public final class TextAttention extends HfBlock {
  private final Linear qProj;
  private final Linear kProj;
  private final Linear vProj;
  private final Linear oProj;
  private final int heads;
  private final int kvHeads;
  private final int headDim;
  private final float scale;

  /** The attention of a decoder layer of {@code c}. */
  public TextAttention(TextConfig c) {
    heads = c.numAttentionHeads();
    kvHeads = c.numKeyValueHeads();
    headDim = c.headDim();
    scale = (float) (1.0 / Math.sqrt(headDim));
    qProj = child("q_proj", new Linear(c.hiddenSize(), heads * headDim, true));
    kProj = child("k_proj", new Linear(c.hiddenSize(), kvHeads * headDim, true));
    vProj = child("v_proj", new Linear(c.hiddenSize(), kvHeads * headDim, true));
    oProj = child("o_proj", new Linear(heads * headDim, c.hiddenSize(), false));
  }

  /**
   * Attends the new tokens to the cached ones and causally to each other.
   *
   * @param x [B, T, hidden]
   * @param rope cos/sin [1, 1, T, D] for the new tokens, or [B, 1, T, D] when rows sit at different positions
   * @param cache the cache, or null for a stand-alone sequence
   * @param layer this layer's index in the cache
   * @param store append the new keys/values to the cache
   * @return [B, T, hidden]
   */
  public NDArray forward(NDArray x, MRope.Tables rope, AttentionCache cache, int layer, boolean store,
      boolean training) {
    Shape s = x.getShape();
    long b = s.get(0);
    long t = s.get(1);
    NDArray q = qProj.forward(x, training).reshape(b, t, heads, headDim).transpose(0, 2, 1, 3); // [B, H, T, D]
    NDArray k = kProj.forward(x, training).reshape(b, t, kvHeads, headDim).transpose(0, 2, 1, 3); // [B, KvH, T, D]
    NDArray v = vProj.forward(x, training).reshape(b, t, kvHeads, headDim).transpose(0, 2, 1, 3); // [B, KvH, T, D]
    q = Rotary.apply(q, rope.cos(), rope.sin());
    k = Rotary.apply(k, rope.cos(), rope.sin());
    Attention.Kv own = new Attention.Kv(k, v);
    NDArray out = cache == null ? Attention.causal(q, List.of(), own, scale)
        : cache.attend(layer, q, own, scale, store); // [B, T, H·D]
    return oProj.forward(out, training); // [B, T, hidden]
  }
}
