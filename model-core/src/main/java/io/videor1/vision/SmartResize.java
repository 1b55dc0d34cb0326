package io.videor1.vision;

/**
 * The target size of a frame or image: {@code smart_resize} of spec §3.5, multiples of 28 within a pixel budget.
 */
public final class SmartResize {
  private SmartResize() {}

  /** A height and width in pixels. */
  public record Size(int height, int width) {
    public long pixels() {
      return (long) height * width;
    }
  }

  /**
   * Resizes (height, width) to multiples of {@code factor} whose area lies within [minPixels, maxPixels].
   *
   * <p>As in the reference, the floor branch may undershoot {@code minPixels} and the ceil branch may overshoot {@code
   * maxPixels}; a result of zero (only possible at extreme aspect ratios) is an error rather than an empty frame.
   *
   * @throws IllegalArgumentException for a non-positive size, an aspect ratio above 200, or a zero-sized result
   */
  public static Size resize(int height, int width, int factor, double minPixels, double maxPixels) {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("image size must be positive (got " + height + "x" + width + ")");
    }
    double ratio = (double) Math.max(height, width) / Math.min(height, width);
    if (ratio > VisionBudget.MAX_RATIO) {
      throw new IllegalArgumentException(
          "absolute aspect ratio must be smaller than " + VisionBudget.MAX_RATIO + ", got " + ratio);
    }
    long h = Math.max(factor, PyRound.roundByFactor(height, factor));
    long w = Math.max(factor, PyRound.roundByFactor(width, factor));
    if (h * w > maxPixels) {
      double beta = Math.sqrt((double) height * width / maxPixels);
      h = PyRound.floorByFactor(height / beta, factor);
      w = PyRound.floorByFactor(width / beta, factor);
    } else if (h * w < minPixels) {
      double beta = Math.sqrt(minPixels / ((double) height * width));
      h = PyRound.ceilByFactor(height * beta, factor);
      w = PyRound.ceilByFactor(width * beta, factor);
    }
    if (h < factor || w < factor) {
      throw new IllegalArgumentException(
          "resize of " + height + "x" + width + " within " + (long) maxPixels + " pixels gives " + h + "x" + w);
    }
    return new Size((int) h, (int) w);
  }

  /** The size of every frame of a video sampled to {@code nframes} frames. */
  public static Size forVideo(int height, int width, int nframes, VisionBudget budget) {
    return resize(
        height, width, VisionBudget.IMAGE_FACTOR, budget.videoMinPixels(), budget.videoMaxPixelsFor(nframes));
  }

  /** The size of an image (MIN_PIXELS..MAX_PIXELS). */
  public static Size forImage(int height, int width, VisionBudget budget) {
    return resize(height, width, VisionBudget.IMAGE_FACTOR, budget.imageMinPixels(), budget.imageMaxPixels());
  }
}
