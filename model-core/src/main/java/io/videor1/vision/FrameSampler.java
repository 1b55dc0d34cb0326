package io.videor1.vision;

/**
 * Which frames of a video Video-R1 samples: {@code smart_nframes} and the float32 linspace of spec §3.3–§3.4.
 *
 * <p>The counts come from the number of frames the container holds and its average frame rate, exactly as decord reports
 * them to the reference, so the same file yields the same frame indices here and there.
 */
public final class FrameSampler {
  private FrameSampler() {}

  /**
   * The number of frames to sample (the fps branch of {@code smart_nframes}).
   *
   * @param totalFrames frames in the video (T)
   * @param videoFps the file's average frame rate (v)
   * @param budget the sampling limits
   * @return an even count n with 2 ≤ n ≤ T
   * @throws IllegalArgumentException when no such n exists (T &lt; 2), as the reference's ValueError
   */
  public static int numFrames(int totalFrames, double videoFps, VisionBudget budget) {
    if (!(videoFps > 0) || Double.isInfinite(videoFps)) {
      throw new IllegalArgumentException("video fps must be a positive number (got " + videoFps + ")");
    }
    int factor = VisionBudget.FRAME_FACTOR;
    double minFrames = PyRound.ceilByFactor(budget.minFrames(), factor);
    double maxFrames = PyRound.floorByFactor(Math.min(budget.maxFrames(), totalFrames), factor);
    double raw = totalFrames / videoFps * budget.fps();
    double n = Math.min(Math.min(Math.max(raw, minFrames), maxFrames), totalFrames);
    long nframes = PyRound.floorByFactor(n, factor);
    if (nframes < factor || nframes > totalFrames) {
      throw new IllegalArgumentException(
          "video has " + totalFrames + " frame(s); sampling needs an even count between 2 and the frame count"
              + " (smart_nframes gave " + nframes + ")");
    }
    return (int) nframes;
  }

  /**
   * The frame indices: torch.linspace(0, T − 1, n) in float32, rounded half-to-even.
   *
   * <p>PyTorch's CPU kernel computes the step in float32 and fills the first half forwards from the start and the
   * second half backwards from the end; doing the same here reproduces its rounding ties bit for bit.
   */
  public static int[] frameIndices(int totalFrames, int n) {
    if (n < 1 || totalFrames < 1) {
      throw new IllegalArgumentException("need n >= 1 and totalFrames >= 1 (got " + n + ", " + totalFrames + ")");
    }
    int[] idx = new int[n];
    if (n == 1) {
      return idx;
    }
    float start = 0f;
    float end = totalFrames - 1;
    float step = (end - start) / (float) (n - 1);
    int halfway = n / 2;
    for (int i = 0; i < n; i++) {
      float v = i < halfway ? start + step * i : end - step * (n - i - 1);
      idx[i] = (int) Math.rint(v);
    }
    return idx;
  }

  /** The sampled rate reported to the model: n / max(T, 1e-6) · v (spec §3.4). */
  public static double sampleFps(int n, int totalFrames, double videoFps) {
    return n / Math.max(totalFrames, 1e-6) * videoFps;
  }
}
