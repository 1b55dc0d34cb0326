package io.videor1.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The worked examples of spec §3.3 and §3.4. */
class FrameSamplerTest {
  private final VisionBudget train = VisionBudget.train();

  @Test
  void numFramesFollowsSmartNframes() {
    assertEquals(16, FrameSampler.numFrames(300, 30.0, train)); // 10 s @ 30 fps: raw 20, capped at 16
    assertEquals(10, FrameSampler.numFrames(150, 30.0, train)); // 5 s @ 30 fps
    assertEquals(4, FrameSampler.numFrames(30, 25.0, train)); // 1.2 s: raw 2.4 raised to min 4
    assertEquals(2, FrameSampler.numFrames(3, 30.0, train)); // T=3: max_frames floors to 2
    assertEquals(64, FrameSampler.numFrames(10_000, 25.0, VisionBudget.eval(64)));
    assertEquals(32, FrameSampler.numFrames(491, 22.29, VisionBudget.eval(32)));
  }

  @Test
  void oddRawCountsFloorToEven() {
    // 5.5 s @ 2 fps = 11 frames -> floored to the frame factor.
    assertEquals(10, FrameSampler.numFrames(165, 30.0, train));
  }

  @Test
  void tooFewFramesIsAnError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FrameSampler.numFrames(1, 30.0, train));
    assertEquals(true, e.getMessage().contains("1 frame"));
    assertThrows(IllegalArgumentException.class, () -> FrameSampler.numFrames(0, 30.0, train));
    assertThrows(IllegalArgumentException.class, () -> FrameSampler.numFrames(100, 0.0, train));
  }

  @Test
  void indicesAreFloat32LinspaceRoundedHalfEven() {
    assertArrayEquals(
        new int[] {0, 20, 40, 60, 80, 100, 120, 140, 159, 179, 199, 219, 239, 259, 279, 299},
        FrameSampler.frameIndices(300, 16));
    assertArrayEquals(new int[] {0, 17, 33, 50, 66, 83, 99, 116, 132, 149}, FrameSampler.frameIndices(150, 10));
    assertArrayEquals(new int[] {0, 15, 30, 44, 59, 74}, FrameSampler.frameIndices(75, 6));
    assertArrayEquals(new int[] {0, 2}, FrameSampler.frameIndices(3, 2));
  }

  @Test
  void halfwayTiesRoundToEven() {
    // linspace(0, 9, 4) = 0, 3, 6, 9 exactly; linspace(0, 5, 3) = 0, 2.5, 5 -> 2.5 rounds to 2 (half-to-even).
    assertArrayEquals(new int[] {0, 3, 6, 9}, FrameSampler.frameIndices(10, 4));
    assertArrayEquals(new int[] {0, 2, 5}, FrameSampler.frameIndices(6, 3));
  }

  @Test
  void sampleFpsIsReportedAsTheReferenceDoes() {
    assertEquals(1.6, FrameSampler.sampleFps(16, 300, 30.0), 1e-12);
  }
}
