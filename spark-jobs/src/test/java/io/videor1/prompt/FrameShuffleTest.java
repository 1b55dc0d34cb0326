package io.videor1.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The seeded frame permutation of T-GRPO's shuffled rollouts. */
class FrameShuffleTest {
  @Test
  void frameShuffleIsASeededPermutation() {
    int[] p = FrameShuffle.permutation(42, 3, 1000007, 16);
    int[] sorted = p.clone();
    Arrays.sort(sorted);
    assertArrayEquals(java.util.stream.IntStream.range(0, 16).toArray(), sorted);
    assertArrayEquals(p, FrameShuffle.permutation(42, 3, 1000007, 16));
    assertFalse(Arrays.equals(p, FrameShuffle.permutation(42, 4, 1000007, 16)), "another step, another order");
    byte[][] frames = {{0}, {1}, {2}};
    byte[][] s = FrameShuffle.apply(frames, new int[] {2, 0, 1});
    assertEquals(2, s[0][0]);
    assertEquals(1, s[2][0]);
  }
}
