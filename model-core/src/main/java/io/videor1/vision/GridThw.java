package io.videor1.vision;

/**
 * The Qwen2.5-VL patch grid of one visual input: temporal patches of 2 frames by 14×14-pixel patches.
 *
 * <p>An image counts as one temporal patch (the processor repeats it to fill the temporal patch). The number of
 * visual tokens after the 2×2 merger is t · (h / 2) · (w / 2).
 */
public record GridThw(int t, int h, int w) {
  public static final int PATCH_SIZE = 14;
  public static final int TEMPORAL_PATCH_SIZE = 2;
  public static final int MERGE_SIZE = 2;

  /** The grid of {@code frames} frames resized to {@code size}; an odd frame count is padded as the processor does. */
  public static GridThw of(int frames, SmartResize.Size size) {
    int t = (frames + TEMPORAL_PATCH_SIZE - 1) / TEMPORAL_PATCH_SIZE;
    return new GridThw(t, size.height() / PATCH_SIZE, size.width() / PATCH_SIZE);
  }

  /** Visual tokens fed to the language model: t · (h/2) · (w/2). */
  public long visualTokens() {
    return (long) t * (h / MERGE_SIZE) * (w / MERGE_SIZE);
  }
}
