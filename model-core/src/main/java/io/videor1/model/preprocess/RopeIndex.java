package io.videor1.model.preprocess;

import io.videor1.vision.GridThw;
import java.util.List;

/**
 * M-RoPE positions of a prompt with interleaved text, image and video tokens (transformers'
 * {@code Qwen2_5_VLModel.get_rope_index} for one unpadded sequence).
 *
 * <p>Text tokens advance all three axes together, starting one past the largest position so far. A visual item with
 * merged grid (t, h', w') starts at s = that value: token (i, j, k) gets (s + time(i), s + j, s + k), where time(i) =
 * floor(i · second_per_grid · tokens_per_second) computed in float32 — Qwen2.5-VL's alignment of temporal positions
 * to absolute time (images use 0 seconds per grid). Video-R1's training never passes the sampled fps, so its second per
 * grid is 2 / 2.0 = 1.0 (spec §3.6, §11.7).
 *
 * <p>That float behaviour is transformers 4.50's (and vLLM's), the default here. transformers 4.52 and later cast
 * second_per_grid to the int64 dtype of the position range first, so 4/3 s becomes 1 s; {@link SecondsPerGrid#TRUNCATED}
 * reproduces that. The two agree whenever second_per_grid is a whole number (Video-R1's 1.0).
 */
public final class RopeIndex {
  private RopeIndex() {}

  /** How a video's seconds per temporal patch enter its temporal positions. */
  public enum SecondsPerGrid {
    /** floor(i · second_per_grid · tokens_per_second) in float32: transformers ≤ 4.51, vLLM (the default). */
    FLOAT,
    /** i · trunc(second_per_grid) · tokens_per_second: transformers ≥ 4.52. */
    TRUNCATED
  }

  /** Positions [3][T] and delta = max + 1 − T. */
  public record Result(int[][] positions, int delta) {}

  /**
   * Computes the positions.
   *
   * @param ids prompt ids with placeholders expanded
   * @param imageGrids grids of the images in order of appearance
   * @param videoGrids grids of the videos in order of appearance
   * @param secondPerGridTs seconds per temporal patch of each video
   */
  public static Result compute(int[] ids, List<GridThw> imageGrids, List<GridThw> videoGrids,
      double[] secondPerGridTs, int imageTokenId, int videoTokenId, int visionStartTokenId, int mergeSize,
      int tokensPerSecond) {
    return compute(ids, imageGrids, videoGrids, secondPerGridTs, imageTokenId, videoTokenId, visionStartTokenId,
        mergeSize, tokensPerSecond, SecondsPerGrid.FLOAT);
  }

  /** As {@link #compute(int[], List, List, double[], int, int, int, int, int)} with the given seconds-per-grid rule. */
  public static Result compute(int[] ids, List<GridThw> imageGrids, List<GridThw> videoGrids,
      double[] secondPerGridTs, int imageTokenId, int videoTokenId, int visionStartTokenId, int mergeSize,
      int tokensPerSecond, SecondsPerGrid rule) {
    int n = ids.length;
    int[][] pos = new int[3][n];
    int images = 0;
    int videos = 0;
    for (int i = 0; i + 1 < n; i++) {
      if (ids[i] == visionStartTokenId) {
        images += ids[i + 1] == imageTokenId ? 1 : 0;
        videos += ids[i + 1] == videoTokenId ? 1 : 0;
      }
    }
    int st = 0;
    int next = 0;
    int out = 0;
    int imageIndex = 0;
    int videoIndex = 0;
    for (int item = 0; item < images + videos; item++) {
      int edImage = images - imageIndex > 0 ? indexOf(ids, imageTokenId, st) : n + 1;
      int edVideo = videos - videoIndex > 0 ? indexOf(ids, videoTokenId, st) : n + 1;
      GridThw g;
      float secondPerGrid;
      int ed;
      if (edImage < edVideo) {
        g = imageGrids.get(imageIndex++);
        secondPerGrid = 0f;
        ed = edImage;
      } else {
        g = videoGrids.get(videoIndex);
        secondPerGrid = secondPerGridTs == null ? 1f : (float) secondPerGridTs[videoIndex];
        videoIndex++;
        ed = edVideo;
      }
      int lt = g.t();
      int lh = g.h() / mergeSize;
      int lw = g.w() / mergeSize;
      for (int i = 0; i < ed - st; i++, out++) {
        pos[0][out] = pos[1][out] = pos[2][out] = next + i;
      }
      int s = next + (ed - st);
      int max = s - 1;
      for (int i = 0; i < lt; i++) {
        int time = rule == SecondsPerGrid.FLOAT ? (int) ((float) ((float) i * secondPerGrid) * tokensPerSecond)
            : i * (int) secondPerGrid * tokensPerSecond;
        for (int j = 0; j < lh; j++) {
          for (int k = 0; k < lw; k++, out++) {
            pos[0][out] = s + time;
            pos[1][out] = s + j;
            pos[2][out] = s + k;
            max = Math.max(max, Math.max(s + time, Math.max(s + j, s + k)));
          }
        }
      }
      next = max + 1;
      st = ed + lt * lh * lw;
    }
    for (int i = 0; st + i < n; i++, out++) {
      pos[0][out] = pos[1][out] = pos[2][out] = next + i;
    }
    int maxAll = 0;
    for (int a = 0; a < 3; a++) {
      for (int v : pos[a]) {
        maxAll = Math.max(maxAll, v);
      }
    }
    return new Result(pos, n == 0 ? 0 : maxAll + 1 - n);
  }

  private static int indexOf(int[] ids, int token, int from) {
    for (int i = from; i < ids.length; i++) {
      if (ids[i] == token) {
        return i;
      }
    }
    throw new IllegalArgumentException("placeholder token " + token + " missing after position " + from);
  }
}
