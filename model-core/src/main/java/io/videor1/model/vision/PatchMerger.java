package io.videor1.model.vision;

import ai.djl.ndarray.NDArray;
import io.videor1.model.config.VisionConfig;
import io.videor1.model.nn.HfBlock;
import io.videor1.model.nn.Linear;
import io.videor1.model.nn.RmsNorm;

/**
 * The 2×2 patch merger ({@code visual.merger}): RMSNorm per patch, then the 4 patches of a merge unit concatenated and
 * passed through Linear(4C, 4C) → GELU → Linear(4C, out), the text model's hidden size.
 */
public final class PatchMerger extends HfBlock {
  private final RmsNorm lnQ;
  private final Linear fc1;
  private final Linear fc2;
  private final int unitWidth;

  /** The merger of the tower described by {@code c}. */
  public PatchMerger(VisionConfig c) {
    unitWidth = c.hiddenSize() * c.spatialMergeSize() * c.spatialMergeSize();
    lnQ = child("ln_q", new RmsNorm(c.hiddenSize(), 1e-6));
    fc1 = child("mlp.0", new Linear(unitWidth, unitWidth, true));
    fc2 = child("mlp.2", new Linear(unitWidth, c.outHiddenSize(), true));
  }

  /**
   * Merges units.
   *
   * @param x [N, C], the 4 patches of each unit consecutive
   * @return [N/4, out]
   */
  NDArray forward(NDArray x, boolean training) {
    NDArray u = lnQ.forward(x).reshape(-1, unitWidth); // [N/4, 4C]
    NDArray h = fc1.forward(u, training);
    return fc2.forward(h.getNDArrayInternal().gelu(), training); // [N/4, out]
  }
}
