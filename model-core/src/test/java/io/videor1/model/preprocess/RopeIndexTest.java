package io.videor1.model.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.videor1.vision.GridThw;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-worked M-RoPE positions (tiny vocabulary: vision_start 265, image 268, video 269). */
class RopeIndexTest {
  private static final int T = 1;
  private static final int VS = 265;
  private static final int VE = 266;
  private static final int IMG = 268;
  private static final int VID = 269;

  private static RopeIndex.Result rope(int[] ids, List<GridThw> images, List<GridThw> videos, double[] spg) {
    return RopeIndex.compute(ids, images, videos, spg, IMG, VID, VS, 2, 2);
  }

  @Test
  void videoTemporalPositionsFollowAbsoluteTime() {
    // [t t VS V×8 VE t t], video grid (2, 4, 4): 2 temporal patches of 2×2 merged tokens, 1 s each, 2 tokens/s
    int[] ids = {T, T, VS, VID, VID, VID, VID, VID, VID, VID, VID, VE, T, T};
    RopeIndex.Result r = rope(ids, List.of(), List.of(new GridThw(2, 4, 4)), new double[] {1.0});
    assertArrayEquals(new int[] {0, 1, 2, 3, 3, 3, 3, 5, 5, 5, 5, 6, 7, 8}, r.positions()[0]);
    assertArrayEquals(new int[] {0, 1, 2, 3, 3, 4, 4, 3, 3, 4, 4, 6, 7, 8}, r.positions()[1]);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 3, 4, 3, 4, 3, 4, 6, 7, 8}, r.positions()[2]);
    assertEquals(9 - 14, r.delta());
  }

  @Test
  void fractionalSecondsPerGridAreFlooredAfterMultiplying() {
    // 4 temporal patches of one merged token, 1.25 s each → time 0, 2.5, 5, 7.5 → 0, 2, 5, 7
    int[] ids = {VS, VID, VID, VID, VID, VE};
    RopeIndex.Result r = rope(ids, List.of(), List.of(new GridThw(4, 2, 2)), new double[] {1.25});
    assertArrayEquals(new int[] {0, 1, 3, 6, 8, 9}, r.positions()[0]);
    assertArrayEquals(new int[] {0, 1, 1, 1, 1, 9}, r.positions()[1]);
  }

  @Test
  void truncatedSecondsPerGridIsTheNewerTransformersRule() {
    // the same 1.25 s per patch truncated to 1 s first (transformers >= 4.52) → time 0, 2, 4, 6
    int[] ids = {VS, VID, VID, VID, VID, VE};
    RopeIndex.Result r = RopeIndex.compute(ids, List.of(), List.of(new GridThw(4, 2, 2)), new double[] {1.25}, IMG,
        VID, VS, 2, 2, RopeIndex.SecondsPerGrid.TRUNCATED);
    assertArrayEquals(new int[] {0, 1, 3, 5, 7, 8}, r.positions()[0]);
    assertEquals(9 - 6, r.delta());
  }

  @Test
  void imagesThenVideosInterleavedWithText() {
    // [VS I×2 VE t VS V×2 VE]: image grid (1, 2, 4) → 1×2 merged; video grid (2, 2, 2) → 2 temporal × 1
    int[] ids = {VS, IMG, IMG, VE, T, VS, VID, VID, VE};
    RopeIndex.Result r = rope(ids, List.of(new GridThw(1, 2, 4)), List.of(new GridThw(2, 2, 2)), new double[] {0.5});
    assertArrayEquals(new int[] {0, 1, 1, 3, 4, 5, 6, 7, 8}, r.positions()[0]);
    assertArrayEquals(new int[] {0, 1, 1, 3, 4, 5, 6, 6, 8}, r.positions()[1]);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 6, 8}, r.positions()[2]);
    assertEquals(9 - 9, r.delta());
  }

  @Test
  void textOnlyIsSequential() {
    RopeIndex.Result r = rope(new int[] {T, T, T}, List.of(), List.of(), new double[0]);
    assertArrayEquals(new int[] {0, 1, 2}, r.positions()[2]);
    assertEquals(0, r.delta());
  }
}
