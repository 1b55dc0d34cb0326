package io.videor1.train.run;

import java.util.SplittableRandom;

/**
 * Which prompts step t trains on: B consecutive positions of an epoch-wise permutation seeded by (seed, epoch).
 *
 * <p>A pure function of (seed, step): the data cursor of a checkpoint is just its step, so a resumed run draws exactly
 * the prompts the uninterrupted run would have. The reference's random sampler over the whole file is the same idea
 * without the seed.
 */
public record PromptSampler(long seed, int numPrompts, int batchSize) {
  public PromptSampler {
    if (numPrompts < 1 || batchSize < 1) {
      throw new IllegalArgumentException("need prompts >= 1 and batch >= 1, got " + numPrompts + ", " + batchSize);
    }
  }

  /** The prompt indices of step {@code step} (1-based). */
  public int[] promptsOf(int step) {
    int[] out = new int[batchSize];
    long first = (long) (step - 1) * batchSize;
    int epoch = -1;
    int[] perm = null;
    for (int i = 0; i < batchSize; i++) {
      long pos = first + i;
      int e = (int) (pos / numPrompts);
      if (e != epoch) {
        epoch = e;
        perm = permutation(e);
      }
      out[i] = perm[(int) (pos % numPrompts)];
    }
    return out;
  }

  /** The epoch's Fisher-Yates permutation. */
  public int[] permutation(int epoch) {
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
    int[] p = new int[numPrompts];
    for (int i = 0; i < numPrompts; i++) {
      p[i] = i;
    }
    for (int i = numPrompts - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
