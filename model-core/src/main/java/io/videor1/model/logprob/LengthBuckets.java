package io.videor1.model.logprob;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits a group's completions into buckets of similar length for the teacher-forced pass (issue #29, part 4), so a
 * 50-token completion is not padded to the group's 768-token longest.
 *
 * <p>The split minimises the positions computed, each bucket costing its rows times its longest plus
 * {@code passCost} positions: every extra pass reads the weights once more and adds its per-op overhead, so two
 * completions of nearly equal length stay together. With the completions sorted by length the best split is a
 * partition of that order into runs, found exactly by dynamic programming (G is at most a few dozen).
 */
public final class LengthBuckets {
  /**
   * The positions one more pass is charged: a round figure, not tuned. It only decides near-ties (a bucket of one
   * completion 64 positions shorter than the next is not worth a pass of its own); spreads of hundreds split anyway.
   */
  public static final int PASS_COST = 64;

  private LengthBuckets() {}

  /**
   * The buckets of completions with {@code lengths}: each an array of completion indices, longest first; the buckets
   * longest first. Every index appears once.
   */
  public static List<int[]> plan(int[] lengths, int passCost) {
    int g = lengths.length;
    Integer[] order = IntStream.range(0, g).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingInt((Integer i) -> -lengths[i]).thenComparingInt(i -> i));
    long[] best = new long[g + 1]; // best[i]: the cheapest split of the i longest
    int[] cut = new int[g + 1];
    for (int i = 1; i <= g; i++) {
      best[i] = Long.MAX_VALUE;
      for (int j = 0; j < i; j++) { // the last bucket holds sorted positions j .. i-1, its longest at j
        long cost = best[j] + (long) (i - j) * lengths[order[j]] + passCost;
        if (cost < best[i]) {
          best[i] = cost;
          cut[i] = j;
        }
      }
    }
    List<int[]> buckets = new ArrayList<>();
    for (int i = g; i > 0; i = cut[i]) {
      int[] b = new int[i - cut[i]];
      for (int k = 0; k < b.length; k++) {
        b[k] = order[cut[i] + k];
      }
      buckets.add(0, b);
    }
    return buckets;
  }

  /** Positions a split computes (rows times each bucket's longest), for comparison with padding to the longest. */
  public static long positions(List<int[]> buckets, int[] lengths) {
    long n = 0;
    for (int[] b : buckets) {
      n += (long) b.length * lengths[b[0]];
    }
    return n;
  }
}
