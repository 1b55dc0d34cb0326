package io.videor1.model.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import io.videor1.model.config.VisionConfig;
import io.videor1.model.nn.Casts;
import io.videor1.model.nn.HfBlock;
import io.videor1.model.nn.Linear;
import io.videor1.model.nn.Rotary;

/** The vision tower's attention ({@code attn}): fused {@code qkv} with bias, 2-D RoPE in float32, {@code proj}. */
public final class VisionAttention extends HfBlock {
  private final Linear qkv;
  private final Linear proj;
  private final int heads;
  private final int headDim;
  private final float scale;

  /** The attention of a vision block of {@code c}. */
  public VisionAttention(VisionConfig c) {
    heads = c.numHeads();
    headDim = c.headDim();
    scale = (float) (1.0 / Math.sqrt(headDim));
    qkv = child("qkv", new Linear(c.hiddenSize(), 3 * c.hiddenSize(), true));
    proj = child("proj", new Linear(c.hiddenSize(), c.hiddenSize(), true));
  }

  /**
   * Attention within the segments of {@code plan}.
   *
   * @param x [N, C]
   * @param cos rotary table [N, 1, D], float32
   * @param sin rotary table [N, 1, D], float32
   * @return [N, C]
   */
  NDArray forward(NDArray x, NDArray cos, NDArray sin, SegmentAttention plan, boolean training) {
    long n = x.getShape().get(0);
    NDArray fused = qkv.forward(x, training).reshape(n, 3, heads, headDim); // [N, 3, H, D]
    NDArray q = fused.get(":, 0"); // [N, H, D]
    NDArray k = fused.get(":, 1");
    NDArray v = fused.get(":, 2");
    DataType dt = x.getDataType();
    if (dt != DataType.FLOAT32) {
      q = Casts.to(Rotary.apply(Casts.to(q, DataType.FLOAT32), cos, sin), dt);
      k = Casts.to(Rotary.apply(Casts.to(k, DataType.FLOAT32), cos, sin), dt);
    } else {
      q = Rotary.apply(q, cos, sin);
      k = Rotary.apply(k, cos, sin);
    }
    return proj.forward(plan.attend(q, k, v, scale), training); // [N, C]
  }
}
