package io.videor1.model.vision;

import ai.djl.ndarray.NDArray;
import io.videor1.model.config.VisionConfig;
import io.videor1.model.nn.HfBlock;
import io.videor1.model.nn.RmsNorm;
import io.videor1.model.nn.SwiGluMlp;

/** One vision block ({@code visual.blocks.i}): x + attn(norm1(x)), then h + mlp(norm2(h)); MLP with biases. */
public final class VisionBlock extends HfBlock {
  private final RmsNorm norm1;
  private final RmsNorm norm2;
  private final VisionAttention attn;
  private final SwiGluMlp mlp;

  /** A block of the tower described by {@code c}. */
  public VisionBlock(VisionConfig c) {
    norm1 = child("norm1", new RmsNorm(c.hiddenSize(), 1e-6));
    norm2 = child("norm2", new RmsNorm(c.hiddenSize(), 1e-6));
    attn = child("attn", new VisionAttention(c));
    mlp = child("mlp", new SwiGluMlp(c.hiddenSize(), c.intermediateSize(), true));
  }

  /**
   * Applies the block.
   *
   * @param x [N, C] in windowed order
   * @return [N, C]
   */
  NDArray forward(NDArray x, NDArray cos, NDArray sin, SegmentAttention plan, boolean training) {
    NDArray h = x.add(attn.forward(norm1.forward(x), cos, sin, plan, training)); // [N, C]
    return h.add(mlp.forward(norm2.forward(h), training)); // [N, C]
  }
}
