package io.videor1.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameProbeTest {
  private static byte[][] frames(int n, int bytes) {
    byte[][] f = new byte[n][bytes];
    for (int i = 0; i < n; i++) {
      Arrays.fill(f[i], (byte) (10 * i + 3));
    }
    return f;
  }

  @Test
  void aSeededShuffleIsAReplayablePermutation() {
    byte[][] f = frames(16, 12);
    byte[][] a = FrameProbe.SHUFFLED.apply(f, 7, 1000003);
    byte[][] b = FrameProbe.SHUFFLED.apply(f, 7, 1000003);
    assertEquals(16, a.length);
    boolean[] seen = new boolean[16];
    boolean moved = false;
    for (int i = 0; i < 16; i++) {
      int src = List.of(f).indexOf(a[i]);
      seen[src] = true;
      moved |= src != i;
      assertSame(a[i], b[i], "the same seed and question give the same permutation");
    }
    for (boolean s : seen) {
      assertEquals(true, s, "every frame appears once");
    }
    assertEquals(true, moved);
    byte[][] other = FrameProbe.SHUFFLED.apply(f, 7, 1000004);
    assertNotEquals(Arrays.asList(a), Arrays.asList(other), "another question, another permutation");
  }

  @Test
  void reversedIsTheReverseAndOrderedIsUnchanged() {
    byte[][] f = frames(5, 3);
    byte[][] r = FrameProbe.REVERSED.apply(f, 1, 2);
    for (int i = 0; i < 5; i++) {
      assertSame(f[4 - i], r[i]);
    }
    assertSame(f, FrameProbe.ORDERED.apply(f, 1, 2));
  }

  @Test
  void blankFramesKeepSizeAndCountAtTheMeanLevel() {
    byte[][] f = {{0, 0, 0, (byte) 200, (byte) 200, (byte) 200}, {100, 100, 100, 100, 100, 100}};
    byte[][] b = FrameProbe.BLANK.apply(f, 1, 2);
    assertEquals(2, b.length);
    byte[] want = new byte[6];
    Arrays.fill(want, (byte) 100);
    assertArrayEquals(want, b[0]);
    assertArrayEquals(want, b[1]);
    assertEquals(0, f[0][0], "the stored frames are not touched");
  }

  @Test
  void theProbeListIsParsedStrictly() {
    assertEquals(List.of(FrameProbe.SHUFFLED, FrameProbe.BLANK), FrameProbe.parseList("shuffled, blank", "k"));
    assertEquals(List.of(), FrameProbe.parseList("", "k"));
    assertThrows(IllegalArgumentException.class, () -> FrameProbe.parseList("upside_down", "eval.probes"));
    assertThrows(IllegalArgumentException.class, () -> FrameProbe.parseList("blank,blank", "eval.probes"));
    assertThrows(IllegalArgumentException.class, () -> FrameProbe.parseList("ordered", "eval.probes"));
  }
}
