package io.videor1.model.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A row of logits binned by value for the {@link SelectionSampler}, in two passes over the row.
 *
 * <p>Pass 1 scales the row exactly as the reference does and finds its maximum m and smallest finite value over the
 * ids that may be drawn. Pass 2 puts every id into one of {@value #BINS} bins of width 2^−e over d = m − v (bin 0
 * holds the largest values; equal values, ±0 included, share a bin; a bin holds only values below those of every
 * bin before it) and adds its mass e^−d to the bin's: e^−(d − b·w) by a short series ({@link NegExp#ofNarrow}: no
 * table, so it runs in vector lanes, {@link RowLanes}) and the bin's factor e^−b·w once per bin. Ids more than
 * {@link NegExp#MAX} below m (−∞ and suppressed ids included) form a tail that is counted, not summed. Later,
 * {@link #collect} gathers the ids of a few bins in one scan, in the reference's order. Scratch arrays are reused
 * from row to row: one per thread.
 */
final class BinnedRow {
  static final int BINS = 4096;
  /**
   * A bound, in units of 2^−53 relative, of how far each term of a bin's mass, or a member's {@code p}, is from
   * {@code Math.exp(−d)}: a mass term is e^−(d − b·w) by {@link NegExp#ofNarrow} (64 units from the exact value)
   * times the bin's e^−b·w by {@link NegExp#of} (512 units from Math.exp, which is within 2 of the exact value),
   * the product rounded (1) and Math.exp(−d)'s own ulp (2), second-order terms included: 580, rounded up.
   * Summation errors are the caller's (they grow with the number of terms).
   */
  static final int ERROR_UNITS = 640;
  private static final short TAIL_BIN = BINS;

  private final int[] suppressedIds; // distinct, inside the vocabulary, ascending
  private final double inv;
  /** Mass of each bin (&gt; 0 exactly when the bin holds an id); the last, the tail's, stays 0. */
  final double[] mass = new double[BINS + 1];
  private final double[] terms = RowLanes.PRESENT ? new double[RowLanes.CHUNK] : null;
  private final long[] binAt = RowLanes.PRESENT ? new long[RowLanes.CHUNK] : null;
  private final short[] binOf; // [V] bin of each id, or TAIL_BIN
  private final float[] scaled; // [V] the scaled row when it is not the logits themselves
  private final byte[] slot = new byte[BINS + 1]; // bin → its list in a collecting scan, or −1
  /** The scaled row of the last {@link #bin} call, at {@code base}. */
  private float[] v;
  private int base;
  /** The row's length, its maximum, the ids that may be drawn and the tail's size (suppressed ids left out). */
  int vocab;
  float max;
  int n;
  int tail;

  BinnedRow(double temperature, boolean[] suppressed) {
    this.suppressedIds = java.util.stream.IntStream.range(0, suppressed.length).filter(i -> suppressed[i]).toArray();
    this.inv = 1.0 / temperature;
    this.binOf = new short[suppressed.length];
    this.scaled = inv == 1.0 && suppressedIds.length == 0 ? null : new float[suppressed.length];
    Arrays.fill(slot, (byte) -1);
  }

  /** Passes 1 and 2 over {@code logits[off, off + vocab)}; false for a row with NaN or an infinite maximum. */
  boolean bin(float[] logits, int off, int vocab) {
    if (vocab != binOf.length) {
      throw new IllegalArgumentException("a row of " + vocab + " logits for a sampler of " + binOf.length);
    }
    this.vocab = vocab;
    n = vocab - suppressedIds.length;
    if (n == 0) {
      throw new IllegalArgumentException("sampling.suppressTokenIds leaves no token to sample");
    }
    // pass 1: the scaled row (the reference's values bit for bit; the logits themselves at temperature 1), its
    // maximum and smallest finite value over the ids that may be drawn
    v = logits;
    base = off;
    if (scaled != null) {
      v = scaled;
      base = 0;
      if (inv == 1.0) {
        System.arraycopy(logits, off, scaled, 0, vocab);
      } else {
        for (int i = 0; i < vocab; i++) {
          scaled[i] = (float) (logits[off + i] * inv);
        }
      }
      float filler = scaled[firstDrawable()]; // a copy of a drawable value changes neither extreme
      for (int id : suppressedIds) {
        scaled[id] = filler;
      }
    }
    max = Float.NEGATIVE_INFINITY;
    float min = Float.POSITIVE_INFINITY;
    boolean nan = false;
    if (RowLanes.PRESENT) { // the same extremes in lanes; NaN propagates through them (Math.max's rule)
      long both = RowLanes.extremes(v, base, base + vocab);
      max = Float.intBitsToFloat((int) (both >>> 32));
      min = Float.intBitsToFloat((int) both);
      nan = max != max;
    }
    for (int i = RowLanes.PRESENT ? base + vocab : base; i < base + vocab; i++) {
      // branches, not Math.max/min: they are rarely taken, while Math.max's blend chains every element to the last
      float x = v[i];
      if (!(x <= max)) { // a new maximum, or NaN
        nan |= x != x;
        max = x != x ? max : x;
      }
      if (x < min) {
        min = x;
      }
    }
    if (nan || Float.isInfinite(max)) {
      return false;
    }
    if (min == Float.NEGATIVE_INFINITY) { // masked logits: the bins span the finite values
      min = max;
      for (int i = base; i < base + vocab; i++) {
        if (v[i] < min && v[i] != Float.NEGATIVE_INFINITY) {
          min = v[i];
        }
      }
    }
    for (int id : suppressedIds) {
      scaled[id] = Float.NEGATIVE_INFINITY; // pass 2 puts them in the tail; they are taken out of its count
    }
    tail = binAll(min) - suppressedIds.length;
    return true;
  }

  private int firstDrawable() {
    int i = 0;
    for (int id : suppressedIds) { // ascending
      if (id != i) {
        return i;
      }
      i++;
    }
    return i;
  }

  /** Pass 2: bins and masses; returns how many ids fell in the tail. */
  private int binAll(float min) {
    Arrays.fill(mass, 0);
    double m = max;
    // bins of width 2^−e over [0, min(max − min, 64)], the finest with fewer than BINS of them; d·2^e is exact, so
    // the bin is monotone in d and bins keep the value order
    double range = Math.min(m - min, NegExp.MAX);
    double scale = 1;
    while (range * scale * 2 < BINS && scale < 0x1p100) { // a random model's rows can span 1e-3 or less
      scale *= 2;
    }
    while (range * scale >= BINS) {
      scale /= 2;
    }
    double width = 1 / scale; // ≤ NegExp.NARROW: scale ≥ 2048 / range ≥ 32
    int tail = RowLanes.PRESENT ? RowLanes.bin(v, base, vocab, m, scale, binOf, mass, terms, binAt, BINS,
        TAIL_BIN)
        : binScalar(v, base, vocab, m, scale, binOf, mass);
    // e^−d = e^−(b·width) · e^−(d − b·width): one factor per bin instead of one table exp per id
    for (int b = 0; b < BINS; b++) {
      if (mass[b] > 0) {
        mass[b] *= NegExp.of(b * width); // > 0: a bin is empty iff its mass is 0
      }
    }
    return tail;
  }

  /**
   * Pass 2's per-id work without vector lanes (what {@link RowLanes#bin} does in lanes, bit for bit): each id's bin
   * and its term e^−(d − b·width) added to the bin's mass, in index order; returns the ids in the tail.
   */
  static int binScalar(float[] v, int base, int vocab, double m, double scale, short[] binOf, double[] mass) {
    double width = 1 / scale;
    int tail = 0;
    for (int i = 0; i < vocab; i++) {
      double d = m - v[base + i]; // −(v − m), the negated argument of the reference's exp
      if (d > NegExp.MAX) { // −∞ included
        binOf[i] = TAIL_BIN;
        tail++;
        continue;
      }
      int b = Math.min(BINS - 1, (int) (d * scale)); // the min never binds: d ≤ range
      binOf[i] = (short) b;
      mass[b] += NegExp.ofNarrow(d - b * width); // the argument is exact (Sterbenz), in [0, width)
    }
    return tail;
  }

  /** The bin of id {@code i} in the last {@link #bin} call, {@link #BINS} for the tail. */
  int binOf(int i) {
    return binOf[i];
  }

  /** Ids per bin (the tail last), for top-k: pass 2 leaves counting out, top-k being rare. */
  int[] counts() {
    int[] count = new int[BINS + 1];
    for (int i = 0; i < vocab; i++) {
      count[binOf[i]]++;
    }
    return count;
  }

  /**
   * The members of {@code bins[0, nb)}, from one scan of the row; null when they are more than an eighth of the row
   * (at least 4096): values so dense that sorting them costs what the reference's sort does.
   */
  List<Members> collect(int[] bins, int nb) {
    long[][] lists = new long[nb][];
    int[] filled = new int[nb];
    for (int s = 0; s < nb; s++) {
      lists[s] = new long[64];
      slot[bins[s]] = (byte) s;
    }
    int block = RowLanes.PRESENT ? RowLanes.BLOCK : vocab; // without lanes, one block: the whole row
    for (int i = 0; i < vocab; ) {
      i = RowLanes.PRESENT ? RowLanes.nextBlockWith(binOf, i, vocab, bins, nb) : i; // blocks without a hit skipped
      for (int end = Math.min(vocab, i + block); i < end; i++) {
        int s = slot[binOf[i]];
        if (s >= 0) {
          if (filled[s] == lists[s].length) {
            lists[s] = Arrays.copyOf(lists[s], 2 * filled[s]);
          }
          lists[s][filled[s]++] = ((long) SortingSampler.sortable(v[base + i]) << 32) | i;
        }
      }
    }
    int total = 0;
    for (int s = 0; s < nb; s++) {
      slot[bins[s]] = -1;
      total += filled[s];
    }
    if (total > Math.max(4096, vocab / 8)) {
      return null;
    }
    List<Members> out = new ArrayList<>(nb);
    for (int s = 0; s < nb; s++) {
      out.add(new Members(bins[s], Arrays.copyOf(lists[s], filled[s]), max));
    }
    return out;
  }

  /** One bin's ids in the reference's order (ascending value, then id) with their masses. */
  static final class Members {
    final int bin;
    final long[] packed; // sortable(v) << 32 | id, as the reference packs them
    final double[] p;

    Members(int bin, long[] packed, float max) {
      this.bin = bin;
      Arrays.sort(packed);
      this.packed = packed;
      this.p = new double[packed.length];
      for (int j = 0; j < packed.length; j++) {
        p[j] = NegExp.of((double) max - value(j));
      }
    }

    float value(int j) {
      return Float.intBitsToFloat(unsortable((int) (packed[j] >> 32)));
    }

    int id(int j) {
      return (int) packed[j];
    }

    private static int unsortable(int s) {
      return s >= 0 ? s : s ^ 0x7fffffff;
    }
  }
}
