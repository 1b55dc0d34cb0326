package io.videor1.model.text;

import ai.djl.ndarray.NDArray;
import io.videor1.model.config.TextConfig;
import io.videor1.model.nn.HfBlock;
import io.videor1.model.nn.RmsNorm;
import io.videor1.model.nn.SwiGluMlp;

/** One pre-norm decoder layer ({@code model.layers.i}): x + attn(norm(x)), then h + mlp(norm(h)). */
public final class DecoderLayer extends HfBlock {
  private final RmsNorm inputLayernorm;
  private final TextAttention selfAttn;
  private final RmsNorm postAttentionLayernorm;
  private final SwiGluMlp mlp;
  private final int index;

  /** Layer {@code index} of the decoder described by {@code c}. */
  public DecoderLayer(TextConfig c, int index) {
    this.index = index;
    selfAttn = child("self_attn", new TextAttention(c));
    mlp = child("mlp", new SwiGluMlp(c.hiddenSize(), c.intermediateSize(), false));
    inputLayernorm = child("input_layernorm", new RmsNorm(c.hiddenSize(), c.rmsNormEps()));
    postAttentionLayernorm = child("post_attention_layernorm", new RmsNorm(c.hiddenSize(), c.rmsNormEps()));
  }

  /**
   * Applies the layer.
   *
   * @param x [B, T, hidden]
   * @return [B, T, hidden]
   */
  public NDArray forward(NDArray x, MRope.Tables rope, AttentionCache cache, boolean store, boolean training) {
    NDArray h = x.add(selfAttn.forward(inputLayernorm.forward(x), rope, cache, index, store, training)); // [B, T, H]
    return h.add(mlp.forward(postAttentionLayernorm.forward(h), training)); // [B, T, H]
  }
}
