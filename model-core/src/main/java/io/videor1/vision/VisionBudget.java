package io.videor1.vision;

/**
 * The sampling and pixel limits of one preprocessing setting (spec §3.1, §3.7).
 *
 * <p>Video-R1 edits these constants in its vendored {@code vision_process.py}; here they are values, and the two settings
 * the paper uses are the named presets {@link #train()} and {@link #eval(int)}.
 *
 * @param fps target sampling rate (FPS)
 * @param minFrames lower bound on sampled frames before rounding (FPS_MIN_FRAMES)
 * @param maxFrames upper bound on sampled frames (FPS_MAX_FRAMES)
 * @param videoMinPixels per-frame lower pixel budget (VIDEO_MIN_PIXELS)
 * @param videoMaxPixels per-frame upper pixel budget (VIDEO_MAX_PIXELS)
 * @param videoTotalPixels pixel budget over all frames of a video (VIDEO_TOTAL_PIXELS)
 * @param imageMinPixels image lower pixel budget (MIN_PIXELS)
 * @param imageMaxPixels image upper pixel budget (MAX_PIXELS)
 */
public record VisionBudget(
    double fps,
    int minFrames,
    int maxFrames,
    long videoMinPixels,
    long videoMaxPixels,
    long videoTotalPixels,
    long imageMinPixels,
    long imageMaxPixels)
    implements java.io.Serializable {

  /** Spatial multiple: patch 14 times spatial merge 2 (IMAGE_FACTOR). */
  public static final int IMAGE_FACTOR = 28;
  /** Frame-count multiple: the temporal patch (FRAME_FACTOR). */
  public static final int FRAME_FACTOR = 2;
  /** Largest allowed aspect ratio (MAX_RATIO). */
  public static final int MAX_RATIO = 200;
  /** int(128000 * 28 * 28 * 0.9), the reference's default total budget. */
  public static final long DEFAULT_TOTAL_PIXELS = 90_316_800L;

  public VisionBudget {
    if (!(fps > 0) || Double.isInfinite(fps)) {
      throw new IllegalArgumentException("fps must be > 0 (got " + fps + ")");
    }
    if (minFrames < 1) {
      throw new IllegalArgumentException("min_frames must be >= 1 (got " + minFrames + ")");
    }
    if (maxFrames < FRAME_FACTOR || maxFrames < minFrames) {
      throw new IllegalArgumentException(
          "max_frames must be >= 2 and >= min_frames (got " + maxFrames + ", min_frames " + minFrames + ")");
    }
    if (videoMinPixels < 1 || videoMaxPixels < 1 || videoTotalPixels < 1) {
      throw new IllegalArgumentException("video pixel budgets must be >= 1");
    }
    if (imageMinPixels < 1 || imageMaxPixels < imageMinPixels) {
      throw new IllegalArgumentException(
          "image_max_pixels must be >= image_min_pixels >= 1 (got " + imageMinPixels + ", " + imageMaxPixels + ")");
    }
  }

  /** The training setting of Video-R1: at most 16 frames at 128·28·28 pixels each (cap 105,369 after the 1.05 rule). */
  public static VisionBudget train() {
    return new VisionBudget(2.0, 4, 16, 128L * 28 * 28, 128L * 28 * 28, DEFAULT_TOTAL_PIXELS, 4L * 28 * 28, 256L * 28 * 28);
  }

  /** The evaluation setting: {@code frames} (16, 32 or 64) frames at most, 256·28·28 pixels per frame. */
  public static VisionBudget eval(int frames) {
    return new VisionBudget(
        2.0, 4, frames, 128L * 28 * 28, 256L * 28 * 28, DEFAULT_TOTAL_PIXELS, 4L * 28 * 28, 256L * 28 * 28);
  }

  /**
   * The effective per-frame pixel cap for a video sampled to {@code nframes} frames.
   *
   * <p>max(min(VIDEO_MAX_PIXELS, total / n · 2), int(VIDEO_MIN_PIXELS · 1.05)): with the training constants the 1.05
   * floor wins, so the cap is 105,369 rather than 100,352 (spec §3.5).
   */
  public double videoMaxPixelsFor(int nframes) {
    double byTotal = (double) videoTotalPixels / nframes * FRAME_FACTOR;
    double floor = (long) (videoMinPixels * 1.05);
    return Math.max(Math.min((double) videoMaxPixels, byTotal), floor);
  }
}
