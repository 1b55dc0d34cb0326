package io.videor1.model.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.videor1.model.config.PreprocessorConfig;
import io.videor1.vision.GridThw;
import org.junit.jupiter.api.Test;

/** Hand-worked patch order of the Qwen2-VL processor (reshape + transpose(0, 3, 6, 4, 7, 2, 1, 5, 8)). */
class PatchProcessorTest {
  /** mean 0, std 1, no rescale: patch values are the raw bytes. */
  private static final PreprocessorConfig RAW = new PreprocessorConfig(new float[] {0, 0, 0}, new float[] {1, 1, 1},
      1.0, 14, 2, 2, 0, Long.MAX_VALUE, null);

  private static int pixel(int frame, int y, int x, int c) {
    return (frame * 31 + y * 7 + x * 3 + c * 50) % 256;
  }

  private static byte[] frame(int f, int h, int w) {
    byte[] b = new byte[h * w * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          b[(y * w + x) * 3 + c] = (byte) pixel(f, y, x, c);
        }
      }
    }
    return b;
  }

  @Test
  void imagePatchesRunOverTheMergeUnitThenChannelFramePixel() {
    PatchProcessor.Patches p = new PatchProcessor(RAW).image(frame(0, 28, 28), 28, 28);
    assertEquals(new GridThw(1, 2, 2), p.grid());
    assertEquals(4 * 1176, p.values().length);
    float[] v = p.values();
    assertEquals(pixel(0, 0, 0, 0), v[0]); // row 0 = (mh 0, mw 0)
    assertEquals(pixel(0, 0, 14, 0), v[1176]); // row 1 = (mh 0, mw 1)
    assertEquals(pixel(0, 14, 0, 0), v[2 * 1176]); // row 2 = (mh 1, mw 0)
    assertEquals(pixel(0, 14, 14, 2), v[3 * 1176 + 2 * 392]); // row 3, channel 2
    // element (c 1, frame 1, py 2, px 3) = ((1·2 + 1)·14 + 2)·14 + 3 = 619: the image is repeated in time
    assertEquals(pixel(0, 2, 3, 1), v[619]);
    assertEquals(v[619 - 196], v[619]);
  }

  @Test
  void videoRowsRunOverTimeBlocksThenUnitsAndPadTheLastFrame() {
    byte[][] frames = {frame(0, 56, 56), frame(1, 56, 56), frame(2, 56, 56)};
    PatchProcessor.Patches p = new PatchProcessor(RAW).video(frames, 56, 56);
    assertEquals(new GridThw(2, 4, 4), p.grid());
    float[] v = p.values();
    // row (t 1, bh 1, bw 0, mh 1, mw 1) = 16 + (1·2 + 0)·4 + 3 = 27; its pixels start at y 42, x 14
    int row = 27 * 1176;
    assertEquals(pixel(2, 42, 14, 0), v[row]); // frame 2·1 + 0
    assertEquals(pixel(2, 42, 14, 0), v[row + 196]); // frame 3 is padding: a copy of frame 2
    assertEquals(pixel(2, 43, 16, 1), v[row + 392 + 14 + 2]); // channel 1, frame 0, py 1, px 2
    // row (t 0, bh 0, bw 1, mh 0, mw 1) = 4 + 1 = 5: x 42; frame 1 at offset 196
    assertEquals(pixel(1, 0, 42, 0), v[5 * 1176 + 196]);
  }

  @Test
  void normalisesWithTheCheckpointMeanAndStd() {
    byte[] white = new byte[28 * 28 * 3];
    java.util.Arrays.fill(white, (byte) 255);
    float[] v = new PatchProcessor(PreprocessorConfig.qwen25vl()).image(white, 28, 28).values();
    assertEquals((1f - 0.48145466f) / 0.26862954f, v[0], 1e-6);
    assertEquals((1f - 0.40821073f) / 0.27577711f, v[2 * 392], 1e-6);
  }
}
