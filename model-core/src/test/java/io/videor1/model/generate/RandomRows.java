package io.videor1.model.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random rows of logits with sampling settings for the sampler's property test: shapes that stress each decision of
 * the reference (flat, peaked, wide, ties, suppressed ids and −∞, top-k and top-p edges, NaN and ±∞), vocabularies
 * from the demo's 288 to Qwen2.5-VL-7B's 152,064, temperatures other than 1.
 */
final class RandomRows {
  /** What a row looks like. */
  enum Shape {
    /** Gaussian values, from a random model's nearly uniform rows (σ 1e-4 around 0.3) to spread ones (σ 3). */
    FLAT(true),
    /** Gaussian values and a few ids 8 to 25 above them. */
    PEAKED(true),
    /** Values spread over 200, most of them more than 64 below the maximum. */
    WIDE(true),
    /** A tenth of the ids suppressed, a tenth −∞ (a masked logit). */
    SUPPRESSED(true),
    /** Few distinct values (±0 among them), rows of one value. */
    TIES(false),
    /** Top-k from 1 to past the vocabulary, half the rows with ties at the k-th value. */
    TOP_K(false),
    /** Blocks of equal values on a few levels; top-p from 0.001 to 1. */
    TOP_P_EDGE(false),
    /**
     * NaN, +∞, only −∞, values that overflow at temperature 0.1, one id left by suppression, a tight cluster under
     * one outlier (the cluster shares a bin: too dense to sort cheaply).
     */
    EXTREME(false);

    private final boolean continuous;

    Shape(boolean continuous) {
      this.continuous = continuous;
    }

    /** Rows of distinct continuous values: the fast path should decide nearly all of them. */
    boolean continuous() {
      return continuous;
    }
  }

  /** A row at {@code logits[off, off + vocab)} with the settings to sample it with. */
  record Row(Shape shape, float[] logits, int off, int vocab, SamplingParams params) {
    String describe() {
      return shape + " vocab " + vocab + " off " + off + " " + params;
    }
  }

  private RandomRows() {}

  /** Row {@code r}: one in 2,000 at vocabulary 152,064, one in 500 at 32,000, else 288 or up to 1,024. */
  static Row next(SplittableRandom rnd, int r) {
    int vocab = r % 2000 == 0 ? 152_064 : r % 500 == 1 ? 32_000 : rnd.nextBoolean() ? 288 : 289 + rnd.nextInt(736);
    Shape shape = Shape.values()[rnd.nextInt(Shape.values().length)];
    int off = rnd.nextInt(3) * 7;
    float[] a = new float[off + vocab];
    double temperature = pick(rnd, 1.0, 1.0, 1.0, 0.1, 0.7, 1.3);
    double topP = pick(rnd, 0.95, 0.95, 0.95, 1.0, 0.9, 0.5, 0.001);
    int topK = rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(60) : 0;
    List<Integer> suppress = new ArrayList<>();
    switch (shape) {
      case FLAT -> {
        fill(rnd, a, off, vocab, pick(rnd, 1e-4, 0.05, 1, 3));
        if (rnd.nextInt(4) == 0) {
          for (int i = 0; i < vocab; i++) {
            a[off + i] = (float) (0.3 + a[off + i] * 1e-4);
          }
        }
      }
      case PEAKED -> {
        fill(rnd, a, off, vocab, 1);
        for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
          a[off + rnd.nextInt(vocab)] += (float) (8 + rnd.nextDouble() * 17);
        }
      }
      case WIDE -> {
        for (int i = 0; i < vocab; i++) {
          a[off + i] = (float) (20 - 200 * rnd.nextDouble());
        }
      }
      case SUPPRESSED -> {
        fill(rnd, a, off, vocab, 2);
        for (int i = 0; i < vocab; i++) {
          int k = rnd.nextInt(10);
          if (k == 0) {
            suppress.add(i);
          } else if (k == 1) {
            a[off + i] = Float.NEGATIVE_INFINITY;
          }
        }
      }
      case TIES -> {
        int levels = 1 + rnd.nextInt(6);
        for (int i = 0; i < vocab; i++) {
          int l = rnd.nextInt(levels);
          a[off + i] = l == 0 ? (rnd.nextBoolean() ? 0f : -0f) : (float) (l * 0.5 - 1);
        }
      }
      case TOP_K -> {
        fill(rnd, a, off, vocab, 1);
        if (rnd.nextBoolean()) {
          for (int i = 0; i < vocab; i++) {
            a[off + i] = Math.round(a[off + i] * 4) / 4f;
          }
        }
        topK = (int) pick(rnd, 1, 2, 5, 50, vocab - 1, vocab, vocab + 3);
      }
      case TOP_P_EDGE -> {
        // blocks of 20 equal values on 5 levels: the cut and the draw fall inside runs of ties, and with a
        // multiple of 100 ids the masses of whole levels meet 1 − p on an edge
        for (int i = 0; i < vocab; i++) {
          a[off + i] = i / 20 % 5;
        }
        topP = pick(rnd, 0.95, 0.5, 0.999, 0.001, 0.9, 1.0);
      }
      case EXTREME -> extreme(rnd, a, off, vocab, suppress);
      default -> throw new IllegalStateException();
    }
    if (shape == Shape.EXTREME && rnd.nextInt(4) == 0) {
      temperature = 0.1; // 3e38 · 10 overflows the float the reference scales into
    }
    return new Row(shape, a, off, vocab, new SamplingParams(temperature, topP, topK, 16, false, List.of(), suppress));
  }

  /** The uniform draw: mostly any, sometimes the ends of [0, 1). */
  static double uniform(SplittableRandom rnd) {
    int k = rnd.nextInt(100);
    return k == 0 ? 0.0 : k == 1 ? Math.nextDown(1.0) : rnd.nextDouble();
  }

  private static void extreme(SplittableRandom rnd, float[] a, int off, int vocab, List<Integer> suppress) {
    fill(rnd, a, off, vocab, 1);
    switch (rnd.nextInt(6)) {
      case 0 -> a[off + rnd.nextInt(vocab)] = Float.NaN;
      case 1 -> a[off + rnd.nextInt(vocab)] = Float.POSITIVE_INFINITY;
      case 2 -> java.util.Arrays.fill(a, off, off + vocab, Float.NEGATIVE_INFINITY);
      case 3 -> a[off + rnd.nextInt(vocab)] = 3e38f;
      case 4 -> {
        for (int i = 0; i < vocab; i++) {
          a[off + i] *= 1e-4f;
        }
        a[off + rnd.nextInt(vocab)] = 40;
      }
      default -> {
        int keep = rnd.nextInt(vocab);
        for (int i = 0; i < vocab; i++) {
          if (i != keep) {
            suppress.add(i);
          }
        }
      }
    }
  }

  private static void fill(SplittableRandom rnd, float[] a, int off, int vocab, double sd) {
    for (int i = 0; i < vocab; i++) {
      a[off + i] = (float) (rnd.nextGaussian() * sd);
    }
  }

  private static double pick(SplittableRandom rnd, double... options) {
    return options[rnd.nextInt(options.length)];
  }
}
