package io.videor1.model.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.videor1.model.config.ModelPresets;
import io.videor1.vision.GridThw;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-worked window partitions (transformers' get_window_index). */
class WindowPlanTest {
  @Test
  void tinyWindowsOfTwoByTwoUnitsWithEdgeWindows() {
    // tiny: window 56 px → 2×2 merge units; grid h 6, w 8 → 3×4 units u = row·4 + col
    WindowPlan p = WindowPlan.of(List.of(new GridThw(1, 6, 8)), ModelPresets.tiny().vision());
    assertArrayEquals(new int[] {0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 10, 11}, p.unitOrder());
    assertArrayEquals(new int[] {16, 16, 8, 8}, p.windowLengths());
    assertArrayEquals(new int[] {48}, p.frameLengths());
    assertArrayEquals(new int[] {0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3}, Arrays.copyOf(p.rowPos(), 12));
    assertArrayEquals(new int[] {0, 1, 0, 1, 2, 3, 2, 3, 0, 1, 0, 1}, Arrays.copyOf(p.colPos(), 12));
    int[] inv = p.inverseUnitOrder();
    for (int i = 0; i < inv.length; i++) {
      assertEquals(i, p.unitOrder()[inv[i]]);
    }
  }

  @Test
  void secondItemIsOffsetAndFramesAreSeparate() {
    WindowPlan p = WindowPlan.of(List.of(new GridThw(1, 2, 2), new GridThw(2, 4, 4)), ModelPresets.tiny().vision());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, p.unitOrder());
    assertArrayEquals(new int[] {4, 16, 16}, p.windowLengths());
    assertArrayEquals(new int[] {4, 16, 16}, p.frameLengths());
  }

  @Test
  void trainingSizedVideoHasEightWindowsPerTemporalPatch() {
    // 16 frames of 224×420 → grid (8, 16, 30) → 8×15 units per temporal patch; 4×4-unit windows
    WindowPlan p = WindowPlan.of(List.of(new GridThw(8, 16, 30)), ModelPresets.qwen25vl7b().vision());
    assertEquals(64, p.windowLengths().length);
    assertArrayEquals(new int[] {64, 64, 64, 48, 64, 64, 64, 48}, Arrays.copyOf(p.windowLengths(), 8));
    assertEquals(3840, Arrays.stream(p.windowLengths()).sum());
    assertEquals(8, p.frameLengths().length);
    // the second window of the first band starts at unit column 4
    assertEquals(4, p.unitOrder()[16]);
  }
}
