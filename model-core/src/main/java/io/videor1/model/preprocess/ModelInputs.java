package io.videor1.model.preprocess;

import io.videor1.vision.GridThw;
import java.util.List;

/**
 * One prompt ready for the model: token ids with every vision placeholder expanded, M-RoPE positions, and the
 * normalised patches of its images and videos.
 *
 * @param inputIds prompt token ids [T]
 * @param positions M-RoPE (t, h, w) positions [3][T] from {@link RopeIndex}
 * @param ropeDelta max position + 1 − T: the position of generated token j is T + j + ropeDelta on all three axes
 * @param imagePixels patches of all images, concatenated [Ni · patchDim], or an empty array
 * @param imageGrids each image's grid (t = 1)
 * @param videoPixels patches of all videos, concatenated [Nv · patchDim], or an empty array
 * @param videoGrids each video's grid
 * @param secondPerGridTs seconds per temporal patch of each video (temporal_patch_size / fps)
 */
public record ModelInputs(
    int[] inputIds,
    int[][] positions,
    int ropeDelta,
    float[] imagePixels,
    List<GridThw> imageGrids,
    float[] videoPixels,
    List<GridThw> videoGrids,
    double[] secondPerGridTs) {

  /** Validates the shapes. */
  public ModelInputs {
    imageGrids = List.copyOf(imageGrids);
    videoGrids = List.copyOf(videoGrids);
    if (positions.length != 3 || positions[0].length != inputIds.length) {
      throw new IllegalArgumentException("positions must be [3][" + inputIds.length + "]");
    }
  }

  /** Prompt length in tokens. */
  public int length() {
    return inputIds.length;
  }

  /** The M-RoPE position of the token at index {@code i ≥ length()} (a generated token). */
  public int positionAfter(int i) {
    return i + ropeDelta;
  }

  /** True when the prompt has images or videos. */
  public boolean hasVision() {
    return !imageGrids.isEmpty() || !videoGrids.isEmpty();
  }

  /** A text-only prompt with positions 0..T-1. */
  public static ModelInputs text(int[] ids) {
    return new ModelInputs(ids, io.videor1.model.text.MRope.textPositions(0, ids.length), 0, new float[0], List.of(),
        new float[0], List.of(), new double[0]);
  }
}
