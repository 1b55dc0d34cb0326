package io.videor1.model.preprocess;

import io.videor1.model.config.PreprocessorConfig;
import io.videor1.vision.GridThw;

/**
 * Frames or an image (uint8 RGB, already resized to multiples of 28) → normalised, flattened patches in the order of
 * transformers' Qwen2-VL image/video processor.
 *
 * <p>Pixel values are rescaled by 1/255 and normalised with the checkpoint's mean and std, in float32 as the processor
 * does. An odd frame count is padded by repeating the last frame; an image is repeated {@code temporal_patch_size}
 * times. The patch rows run over (temporal patch, block row, block column, row within the 2×2 merge unit, column within
 * it); each row holds (channel, frame within the temporal patch, pixel row, pixel column) — the processor's
 * {@code reshape(t, tp, C, h/2, 2, 14, w/2, 2, 14).transpose(0, 3, 6, 4, 7, 2, 1, 5, 8)}, which is also the layout of
 * the Conv3d weight [C_out, C, tp, 14, 14].
 */
public final class PatchProcessor {
  private final PreprocessorConfig config;
  private final float[][] lut;

  /** A processor with the mean, std and patch sizes of {@code config}. */
  public PatchProcessor(PreprocessorConfig config) {
    this.config = config;
    lut = new float[3][256];
    for (int c = 0; c < 3; c++) {
      for (int x = 0; x < 256; x++) {
        float rescaled = (float) (x * config.rescaleFactor());
        lut[c][x] = (rescaled - config.imageMean()[c]) / config.imageStd()[c];
      }
    }
  }

  /** Patches and grid of one visual input. */
  public record Patches(float[] values, GridThw grid) {}

  /** The patches of video frames, each {@code height × width × 3} bytes in row-major RGB order. */
  public Patches video(byte[][] frames, int height, int width) {
    if (frames.length == 0) {
      throw new IllegalArgumentException("a video needs at least one frame");
    }
    return patchify(frames, height, width);
  }

  /** The patches of an image ({@code height × width × 3} RGB bytes). */
  public Patches image(byte[] rgb, int height, int width) {
    byte[][] frames = new byte[config.temporalPatchSize()][];
    java.util.Arrays.fill(frames, rgb);
    return patchify(frames, height, width);
  }

  private Patches patchify(byte[][] frames, int height, int width) {
    int ps = config.patchSize();
    int tp = config.temporalPatchSize();
    int m = config.mergeSize();
    if (height % (ps * m) != 0 || width % (ps * m) != 0) {
      throw new IllegalArgumentException("frame size " + height + "x" + width + " is not a multiple of "
          + (ps * m) + "; resize with io.videor1.vision.SmartResize first");
    }
    for (byte[] f : frames) {
      if (f.length != height * width * 3) {
        throw new IllegalArgumentException("frame has " + f.length + " bytes, expected " + height * width * 3);
      }
    }
    int gt = (frames.length + tp - 1) / tp;
    int gh = height / ps;
    int gw = width / ps;
    int dim = 3 * tp * ps * ps;
    float[] out = new float[gt * gh * gw * dim];
    int row = 0;
    for (int t = 0; t < gt; t++) {
      for (int bh = 0; bh < gh / m; bh++) {
        for (int bw = 0; bw < gw / m; bw++) {
          for (int mh = 0; mh < m; mh++) {
            for (int mw = 0; mw < m; mw++) {
              int y0 = (bh * m + mh) * ps;
              int x0 = (bw * m + mw) * ps;
              int o = row * dim;
              for (int c = 0; c < 3; c++) {
                for (int f = 0; f < tp; f++) {
                  byte[] frame = frames[Math.min(t * tp + f, frames.length - 1)];
                  for (int py = 0; py < ps; py++) {
                    int src = ((y0 + py) * width + x0) * 3 + c;
                    for (int px = 0; px < ps; px++) {
                      out[o++] = lut[c][frame[src + px * 3] & 0xff];
                    }
                  }
                }
              }
              row++;
            }
          }
        }
      }
    }
    return new Patches(out, new GridThw(gt, gh, gw));
  }
}
