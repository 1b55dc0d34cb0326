package io.videor1.model.generate;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BinnedRow}'s per-id work in vector lanes ({@code jdk.incubator.vector}): the same IEEE operations in the
 * same order per id as its scalar loops, so the same bits (the tests compare them), several ids per instruction.
 * Only the accumulation of each bin's mass stays scalar (a scatter), in index order as before.
 *
 * <p>Loaded only where {@link #PRESENT} says the module is: a JVM started without {@code --add-modules
 * jdk.incubator.vector} runs the scalar loops.
 */
final class RowLanes {
  /** Whether this JVM resolved jdk.incubator.vector (the class's own types need it). */
  static final boolean PRESENT = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
      && !Boolean.getBoolean("videor1.sampler.scalar");

  private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
  private static final int L = D.length();
  // as many float lanes as double lanes, so the conversion neither splits nor merges vectors
  private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(32 * L));
  private static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED;
  /** Ids per block of {@link #nextBlockWith}. */
  static final int BLOCK = S.length();
  /** Ids per chunk: their masses go to a scratch array in lanes, then to their bins one by one. */
  static final int CHUNK = 512;

  private RowLanes() {}

  /**
   * Pass 2 over {@code v[base, base + vocab)}: each id's bin (or {@code tailBin}) into {@code binOf}, its term
   * e^−(d − b·width) added to {@code mass[b]} ({@code mass[tailBin]} gets zeros); returns the ids in the tail.
   * {@code terms} and {@code binAt} are scratch of at least {@value #CHUNK}.
   */
  static int bin(float[] v, int base, int vocab, double m, double scale, short[] binOf, double[] mass,
      double[] terms, long[] binAt, int bins, short tailBin) {
    double width = 1 / scale;
    int tail = 0;
    int i = 0;
    int vectorEnd = vocab - vocab % L;
    while (i < vectorEnd) {
      int end = Math.min(vectorEnd, i + CHUNK);
      for (int j = i; j < end; j += L) {
        DoubleVector x = (DoubleVector) FloatVector.fromArray(F, v, base + j).convertShape(VectorOperators.F2D, D, 0);
        DoubleVector d = DoubleVector.broadcast(D, m).sub(x);
        VectorMask<Double> inTail = d.compare(VectorOperators.GT, NegExp.MAX);
        tail += inTail.trueCount();
        DoubleVector b = floor(d.mul(scale)).min(bins - 1);
        DoubleVector e = narrowExp(d.sub(b.mul(width))).blend(0.0, inTail); // tail lanes hold anything until here
        // b + 2^52 is exact and holds b in its low mantissa bits: its bits are the int (JDK 17's lanes do not
        // compile a cast to int well)
        b.blend(tailBin, inTail).add(0x1p52).reinterpretAsLongs().intoArray(binAt, j - i);
        e.intoArray(terms, j - i);
      }
      for (int j = i; j < end; j++) { // the scatter
        int b = (int) binAt[j - i];
        binOf[j] = (short) b;
        mass[b] += terms[j - i];
      }
      i = end;
    }
    for (; i < vocab; i++) { // the last ids, as BinnedRow's scalar loop does them
      double d = m - v[base + i];
      if (d > NegExp.MAX) {
        binOf[i] = tailBin;
        tail++;
        continue;
      }
      int b = Math.min(bins - 1, (int) (d * scale));
      binOf[i] = (short) b;
      mass[b] += NegExp.ofNarrow(d - b * width);
    }
    return tail;
  }

  /**
   * floor(s) for 0 ≤ s &lt; 2^52 (−0 included), which is (int) s: adding and taking away 2^52 rounds s to an
   * integer, one too high where it rounded up.
   */
  private static DoubleVector floor(DoubleVector s) {
    DoubleVector near = s.add(0x1p52).sub(0x1p52);
    return near.sub(1.0, near.compare(VectorOperators.GT, s));
  }

  /**
   * The largest and smallest of {@code v[from, to)}, as float bits in the high and low halves; NaN in either where
   * the range holds a NaN. A maximum of ±0 may differ in sign from the scalar loop's: it enters the sampler only as
   * e^−(m − v), the same for either sign.
   */
  static long extremes(float[] v, int from, int to) {
    VectorSpecies<Float> f = FloatVector.SPECIES_PREFERRED;
    FloatVector max = FloatVector.broadcast(f, Float.NEGATIVE_INFINITY);
    FloatVector min = FloatVector.broadcast(f, Float.POSITIVE_INFINITY);
    int j = from;
    for (; j + f.length() <= to; j += f.length()) {
      FloatVector x = FloatVector.fromArray(f, v, j);
      max = max.max(x);
      min = min.min(x);
    }
    float hi = max.reduceLanes(VectorOperators.MAX);
    float lo = min.reduceLanes(VectorOperators.MIN);
    for (; j < to; j++) {
      hi = Math.max(hi, v[j]);
      lo = Math.min(lo, v[j]);
    }
    return (long) Float.floatToRawIntBits(hi) << 32 | Float.floatToRawIntBits(lo) & 0xffffffffL;
  }

  /**
   * The first block of {@value #BLOCK}-id steps from {@code from} that holds an id of one of {@code bins[0, nb)}, or
   * where fewer than a block's ids are left: {@link BinnedRow#collect} then looks at that block id by id. The bins
   * to collect hold a few hundred of 152k ids, so most blocks are passed over in one comparison per bin.
   */
  static int nextBlockWith(short[] binOf, int from, int vocab, int[] bins, int nb) {
    int j = from;
    for (; j + BLOCK <= vocab; j += BLOCK) {
      ShortVector x = ShortVector.fromArray(S, binOf, j);
      VectorMask<Short> hit = x.eq((short) bins[0]);
      for (int k = 1; k < nb; k++) {
        hit = hit.or(x.eq((short) bins[k]));
      }
      if (hit.anyTrue()) {
        return j;
      }
    }
    return j;
  }

  /** {@link NegExp#ofNarrow} in lanes: the same products and differences in the same order. */
  private static DoubleVector narrowExp(DoubleVector r) {
    DoubleVector q = DoubleVector.broadcast(D, NegExp.C5).sub(r.mul(NegExp.C6));
    q = DoubleVector.broadcast(D, NegExp.C4).sub(r.mul(q));
    q = DoubleVector.broadcast(D, NegExp.C3).sub(r.mul(q));
    q = DoubleVector.broadcast(D, 0.5).sub(r.mul(q));
    q = DoubleVector.broadcast(D, 1.0).sub(r.mul(q));
    return DoubleVector.broadcast(D, 1.0).sub(r.mul(q));
  }
}
