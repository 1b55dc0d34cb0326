package io.videor1.model.generate;

/**
 * Derives independent random streams from a run seed and ids, so every random choice can be replayed: the same
 * (seed, step, prompt, sample) always gives the same stream, whatever else runs in the same JVM or batch.
 */
public final class Seeds {
  private Seeds() {}

  /** A 64-bit seed mixed from {@code seed} and the ids (SplitMix64 finaliser after each id). */
  public static long derive(long seed, long... ids) {
    long h = mix(seed ^ 0x5DEECE66DL);
    for (long id : ids) {
      h = mix(h + 0x9E3779B97F4A7C15L + id);
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
