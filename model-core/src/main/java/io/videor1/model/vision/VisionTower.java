package io.videor1.model.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.videor1.model.config.VisionConfig;
import io.videor1.model.nn.HfBlock;
import io.videor1.model.nn.Widen;
import io.videor1.vision.GridThw;
import java.util.ArrayList;
import java.util.List;

/**
 * The Qwen2.5-VL vision transformer ({@code visual.*}): Conv3d patch embedding over 2×14×14 pixel patches, 2-D
 * rotary embedding, window attention with full attention in {@code fullatt_block_indexes}, and the 2×2 merger.
 */
public final class VisionTower extends HfBlock {
  private final VisionConfig config;
  private final PatchEmbedProj patchEmbed;
  private final List<VisionBlock> blocks = new ArrayList<>();
  private final PatchMerger merger;
  private final float[] invFreq;

  /** The tower described by {@code c}. */
  public VisionTower(VisionConfig c) {
    this.config = c;
    patchEmbed = child("patch_embed", new PatchEmbed(c)).proj;
    for (int i = 0; i < c.depth(); i++) {
      blocks.add(child("blocks." + i, new VisionBlock(c)));
    }
    merger = child("merger", new PatchMerger(c));
    int dim = c.headDim() / 2;
    invFreq = new float[dim / 2];
    for (int j = 0; j < invFreq.length; j++) {
      invFreq[j] = 1.0f / (float) Math.pow(10000.0, (float) (2 * j) / dim);
    }
  }

  /** {@code patch_embed}: {@code proj} is a bias-free Conv3d whose kernel equals its stride, i.e. a matmul. */
  static final class PatchEmbed extends HfBlock {
    final PatchEmbedProj proj;

    PatchEmbed(VisionConfig c) {
      proj = child("proj", new PatchEmbedProj(c));
    }
  }

  /** The Conv3d weight [C, in_channels, temporal_patch, patch, patch]. */
  static final class PatchEmbedProj extends HfBlock {
    final Parameter weight;

    PatchEmbedProj(VisionConfig c) {
      weight = param("weight", new Shape(c.hiddenSize(), c.inChannels(), c.temporalPatchSize(), c.patchSize(),
          c.patchSize()));
    }
  }

  /** The tower's shape. */
  public VisionConfig config() {
    return config;
  }

  /**
   * Encodes images or videos.
   *
   * @param pixels [N, patchDim] flattened patches in the processor's order, items concatenated
   * @param grids each item's (t, h, w) patch grid
   * @return [N/4, out_hidden_size] visual tokens, items concatenated in order
   */
  public NDArray forward(NDArray pixels, List<GridThw> grids, boolean training) {
    NDManager m = pixels.getManager();
    WindowPlan plan = WindowPlan.of(grids, config);
    long n = pixels.getShape().get(0);
    if (n != plan.patches()) {
      throw new IllegalArgumentException("pixel rows " + n + " do not match the grids' " + plan.patches() + " patches");
    }
    NDArray w = patchEmbed.weight.getArray().reshape(config.hiddenSize(), config.patchDim()); // [C, patchDim]
    w.attach(m);
    NDArray wide = Widen.like(w, pixels); // float16 weights widened for a float32 pass
    NDArray x = pixels.getNDArrayInternal().linear(pixels, wide, null).singletonOrThrow(); // [N, C]
    Widen.release(wide, w);
    int unit = config.spatialMergeSize() * config.spatialMergeSize();
    x = x.reshape(n / unit, unit, config.hiddenSize()).get(m.create(plan.unitOrder())).reshape(n, -1); // windowed
    NDArray[] cs = rotary(m, plan);
    SegmentAttention windows = new SegmentAttention(plan.windowLengths());
    SegmentAttention frames = new SegmentAttention(plan.frameLengths());
    for (int i = 0; i < blocks.size(); i++) {
      SegmentAttention seg = config.fullattBlockIndexes().contains(i) ? frames : windows;
      x = blocks.get(i).forward(x, cs[0], cs[1], seg, training); // [N, C]
    }
    NDArray merged = merger.forward(x, training); // [N/4, out] windowed
    return merged.get(m.create(plan.inverseUnitOrder())); // [N/4, out] original order
  }

  /** cos and sin [N, 1, headDim] (float32) for the patches in windowed order. */
  private NDArray[] rotary(NDManager m, WindowPlan plan) {
    int n = plan.patches();
    int q = invFreq.length;
    int d = 4 * q;
    float[] cos = new float[n * d];
    float[] sin = new float[n * d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < q; j++) {
        float ah = (float) plan.rowPos()[i] * invFreq[j];
        float aw = (float) plan.colPos()[i] * invFreq[j];
        int base = i * d;
        cos[base + j] = cos[base + 2 * q + j] = (float) Math.cos(ah);
        cos[base + q + j] = cos[base + 3 * q + j] = (float) Math.cos(aw);
        sin[base + j] = sin[base + 2 * q + j] = (float) Math.sin(ah);
        sin[base + q + j] = sin[base + 3 * q + j] = (float) Math.sin(aw);
      }
    }
    Shape s = new Shape(n, 1, d);
    return new NDArray[] {m.create(cos, s), m.create(sin, s)};
  }

  /** The dtype the tower's weights are stored in (it computes in its input's dtype). */
  public DataType dataType() {
    return patchEmbed.weight.getArray().getDataType();
  }
}
