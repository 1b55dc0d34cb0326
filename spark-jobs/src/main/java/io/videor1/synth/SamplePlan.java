package io.videor1.synth;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Which kind each sample of a split is, and the seed of each sample.
 *
 * <p>Seeds: {@code mix(mix(mix(seed) ^ tag(split)) + index)} with SplitMix64's finaliser, so train and test draw from
 * disjoint seed streams (the split's tag differs) and a sample's content depends on nothing but (seed, split, index):
 * not on the other split's size, the thread that builds it or the order samples finish in.
 *
 * <p>Kinds: each kind gets exactly its largest-remainder share of the split (ties to the kind listed first), and the
 * resulting list is shuffled with the split's own seed, so every prefix of the split is mixed.
 */
public final class SamplePlan {
  public static final String TRAIN = "train";
  public static final String TEST = "test";

  private SamplePlan() {}

  /** The seed of sample {@code index} of {@code split}. */
  public static long sampleSeed(long seed, String split, int index) {
    return mix(mix(mix(seed) ^ tag(split)) + index);
  }

  /** The random source of sample {@code index} of {@code split}. */
  public static SplittableRandom sampleRandom(long seed, String split, int index) {
    return new SplittableRandom(sampleSeed(seed, split, index));
  }

  private static long tag(String split) {
    return mix(0x7A61_5F73_706CL * 31 + split.hashCode());
  }

  /** SplitMix64's finaliser: a bijection on longs that scatters nearby inputs. */
  static long mix(long x) {
    long z = x + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** How many samples of each kind a split of {@code size} gets. */
  public static Map<SampleKind, Integer> counts(Map<SampleKind, Double> shares, int size) {
    Map<SampleKind, Integer> out = new EnumMap<>(SampleKind.class);
    int assigned = 0;
    for (SampleKind k : SampleKind.values()) {
      int c = (int) Math.floor(shares.get(k) * size);
      out.put(k, c);
      assigned += c;
    }
    List<SampleKind> byRemainder = new ArrayList<>(List.of(SampleKind.values()));
    byRemainder.sort((a, b) -> Double.compare(remainder(shares, b, size), remainder(shares, a, size)));
    for (int i = 0; assigned < size; i++, assigned++) {
      SampleKind k = byRemainder.get(i % byRemainder.size());
      out.put(k, out.get(k) + 1);
    }
    return out;
  }

  private static double remainder(Map<SampleKind, Double> shares, SampleKind k, int size) {
    double v = shares.get(k) * size;
    return v - Math.floor(v);
  }

  /** The kind of every sample of a split, in index order. */
  public static SampleKind[] kinds(SynthConfig cfg, String split, int size) {
    List<SampleKind> all = new ArrayList<>(size);
    counts(cfg.shares(), size).forEach((k, c) -> {
      for (int i = 0; i < c; i++) {
        all.add(k);
      }
    });
    SplittableRandom r = new SplittableRandom(mix(sampleSeed(cfg.seed(), split, -1)));
    for (int i = all.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      SampleKind t = all.get(i);
      all.set(i, all.get(j));
      all.set(j, t);
    }
    return all.toArray(new SampleKind[0]);
  }
}
