package io.videor1.prompt;

import io.videor1.model.generate.Seeds;
import java.util.SplittableRandom;

/**
 * T-GRPO's shuffled frames: a seeded permutation of a record's stored frames (no second decode).
 *
 * <p>The reference permutes with an unseeded {@code randperm} (spec §11.16); here the permutation is a pure function
 * of (run seed, step, prompt id), so a resumed run shuffles exactly as the uninterrupted one. Single frames are
 * permuted, as in the reference, which also scrambles the 2-frame temporal patches.
 */
public final class FrameShuffle {
  private static final long SALT = 0x5348554646L; // "SHUFF"

  private FrameShuffle() {}

  /** A Fisher-Yates permutation of {@code n} positions for (seed, step, prompt). */
  public static int[] permutation(long seed, long step, long promptId, int n) {
    SplittableRandom r = new SplittableRandom(Seeds.derive(seed, SALT, step, promptId));
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** The frames in permuted order (the arrays are shared, not copied). */
  public static byte[][] apply(byte[][] frames, int[] permutation) {
    byte[][] out = new byte[frames.length][];
    for (int i = 0; i < frames.length; i++) {
      out[i] = frames[permutation[i]];
    }
    return out;
  }
}
