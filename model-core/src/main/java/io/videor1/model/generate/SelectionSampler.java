package io.videor1.model.generate;

import io.videor1.model.generate.BinnedRow.Members;
import java.util.ArrayList;
import java.util.List;

/**
 * The sampler's fast path: the token {@link SortingSampler} draws for the same uniform, found in two passes over the
 * row ({@link BinnedRow}) and a sort of one or two small bins instead of a sort of the whole vocabulary; or
 * {@link #UNDECIDED} where it cannot prove that the token is the same, and the caller runs the reference.
 *
 * <p>Top-k, the top-p cut and the draw walk the bins' masses from the top or the bottom as the reference walks its
 * sorted row, and sort only the bins where their boundaries fall, in the reference's order (ascending value, then
 * id), to walk those id by id.
 *
 * <p>Why this is exact: the reference's decisions are comparisons of floating-point partial sums (the cut's
 * {@code (cum + p) / z <= 1 − p}, the draw's {@code u·z < acc}), summed in sorted order. Its sums differ from the
 * exact sums of its terms by at most about n·2^−53·z (recursive summation of n positive terms), and this class's
 * sums (other order, terms within {@link BinnedRow#ERROR_UNITS} of {@code Math.exp}'s, the tail left out) differ
 * from the same exact sums by a like bound. So every comparison whose two sides this class finds further apart than
 * the sum of both bounds ({@code err} below, with a factor 2 to spare) comes out the same in the reference, and the
 * monotone partial sums make the first comparison to flip the same one; a comparison inside the margin makes the row
 * {@link #UNDECIDED}. With ~6.6e-6 of the mass per id of a flat 152k row and a margin of ~3e-10 of it, that is about
 * one row in 5,000; a row of equal values (where the reference's sums are exact, which this class cannot know)
 * always is, and so are rows with NaN or an infinite maximum.
 */
final class SelectionSampler {
  /** Returned when the reference must decide. */
  static final int UNDECIDED = -1;
  private static final int BINS = BinnedRow.BINS;
  /** An upper bound of e^−64, the most a tail id weighs. */
  private static final double TAIL_WEIGHT = Math.nextUp(Math.exp(-NegExp.MAX));
  /** The unit roundoff of double. */
  private static final double UNIT = 0x1p-53;

  private final SamplingParams params;
  private final BinnedRow row;
  /** Rows the reference had to decide (tests read it). */
  long undecided;

  SelectionSampler(SamplingParams params, boolean[] suppressed) {
    this.params = params;
    this.row = new BinnedRow(params.temperature(), suppressed);
  }

  /** The reference's token of {@code logits[off, off + vocab)} for the uniform {@code u}, or UNDECIDED. */
  int tryDraw(float[] logits, int off, int vocab, double u) {
    if (!row.bin(logits, off, vocab)) {
      return undecided();
    }
    return new Walk().draw(u);
  }

  private int undecided() {
    undecided++;
    return UNDECIDED;
  }

  /** Top-k, top-p and the draw over the binned row. */
  private final class Walk {
    private final double[] mass = row.mass;
    private final double err;
    /** Bins [0, fullBins) are kept whole; bin fullBins in part (from partialFrom) when partial is set. */
    private int fullBins = BINS;
    private Members partial;
    private int partialFrom;
    private boolean tailKept = true;
    private double z;
    /** The lowest id the top-p cut keeps: its bin's members and index; null when nothing is cut. */
    private Members cutIn;
    private int cutAt;
    private double cutMass;
    private final List<Members> collected = new ArrayList<>();
    /** A bin to sort held so many ids that the reference is as cheap. */
    private boolean dense;

    Walk() {
      topK(row.n);
      if (dense) {
        this.err = 0;
        return;
      }
      for (int b = 0; b < fullBins; b++) {
        z += mass[b];
      }
      if (partial != null) {
        for (int j = partialFrom; j < partial.p.length; j++) {
          z += partial.p[j];
        }
      }
      // z ≥ 1: the maximum is kept and weighs e^0. Both sides' sums of ≤ n + BINS terms, the terms' error, and the
      // kept tail's mass, with a factor 2 to spare (see the class comment).
      double tailMass = tailKept ? row.tail * TAIL_WEIGHT : 0;
      this.err = (16.0 * (row.n + BINS) + 16 * BinnedRow.ERROR_UNITS) * UNIT * z + 8 * tailMass;
    }

    /** Top-k: keeps the k largest values and every value equal to the k-th, as the reference does. */
    private void topK(int n) {
      int k = params.topK();
      if (k <= 0 || k >= n) {
        return;
      }
      int[] count = row.counts();
      int above = 0;
      int b = 0;
      while (b < BINS && above + count[b] < k) {
        above += count[b++];
      }
      if (b == BINS) {
        return; // the k-th value lies in the tail: every bin is kept, the kept part of the tail weighs ≤ e^-64 each
      }
      tailKept = false;
      fullBins = b;
      partial = members(b);
      if (partial == null) {
        return;
      }
      int ki = partial.packed.length - (k - above); // the reference's n − k, counted inside this bin
      float kth = partial.value(ki);
      while (ki > 0 && partial.value(ki - 1) == kth) { // equal values share a bin
        ki--;
      }
      partialFrom = ki;
    }

    int draw(double u) {
      if (dense) {
        return undecided();
      }
      if (params.topP() < 1.0 && !cut(1 - params.topP(), u)) {
        return undecided();
      }
      double zKept = z - cutMass;
      double target = u * zKept;
      double above = 0; // mass of the kept ids above the walk
      for (int b = 0; b <= Math.min(fullBins, BINS - 1); b++) {
        boolean isPartial = b == fullBins;
        if (isPartial && partial == null) {
          break;
        }
        boolean isCut = cutIn != null && cutIn.bin == b;
        if (!isPartial && !isCut) {
          if (mass[b] == 0) {
            continue;
          }
          if (above + mass[b] < target - err) {
            above += mass[b];
            continue;
          }
        }
        Members m = members(b);
        if (m == null) {
          return undecided();
        }
        int lo = isCut ? cutAt : isPartial ? partialFrom : 0;
        for (int j = m.p.length - 1; j >= lo; j--) {
          double a = above + m.p[j];
          if (a < target - err) {
            above = a;
          } else if (a > target + err) {
            return m.id(j);
          } else {
            return undecided();
          }
        }
        if (isCut) {
          return undecided(); // the reference's fall-through (u·z at the very top of the kept mass)
        }
      }
      return undecided(); // the draw reaches the tail or the end of the kept mass
    }

    /** Top-p: finds the lowest kept id; false when a decision falls inside the margin. */
    private boolean cut(double share, double u) {
      double target = share * z;
      double below = 0; // mass cut so far
      if (tailKept && row.tail > 0 && !(row.tail * TAIL_WEIGHT < target - err)) {
        return false; // the cut would fall in the unsummed tail
      }
      int lowest = partial != null ? fullBins : fullBins - 1;
      for (int b = lowest; b >= 0; b--) {
        boolean isPartial = partial != null && b == fullBins;
        if (!isPartial && mass[b] == 0) {
          continue;
        }
        if (!isPartial && below + mass[b] < target - err && b > 0) {
          below += mass[b]; // every id of the bin is cut
          continue;
        }
        if (!isPartial) {
          collectWithDrawCandidates(b, below, u);
        }
        Members m = members(b);
        if (m == null) {
          return false;
        }
        int from = isPartial ? partialFrom : 0;
        for (int j = from; j < m.p.length; j++) {
          if (b == 0 && j == m.p.length - 1) {
            return keepFrom(m, j, below); // the reference always keeps the most likely id
          }
          double a = below + m.p[j];
          if (a < target - err) {
            below = a;
          } else if (a > target + err) {
            return keepFrom(m, j, below);
          } else {
            return false;
          }
        }
      }
      throw new IllegalStateException("unreachable: bin 0 holds the maximum");
    }

    private boolean keepFrom(Members m, int j, double below) {
      cutIn = m;
      cutAt = j;
      cutMass = below;
      return true;
    }

    private Members members(int b) {
      for (Members m : collected) {
        if (m.bin == b) {
          return m;
        }
      }
      List<Members> one = row.collect(new int[] {b}, 1);
      if (one == null) {
        dense = true;
        return null;
      }
      collected.addAll(one);
      return one.get(0);
    }

    /**
     * Collects bin {@code b}, where the cut falls, with the bins the draw may fall in once the cut is known (the
     * kept mass lies between the masses with and without bin b), in one scan of the row instead of two.
     */
    private void collectWithDrawCandidates(int b, double below, double u) {
      int[] bins = new int[8];
      int nb = 0;
      double lo = u * (z - below - mass[b]) - err;
      double hi = u * (z - below) + err;
      double above = 0;
      for (int c = 0; c < b && nb < bins.length - 1 && above <= hi; c++) {
        if (mass[c] > 0 && above + mass[c] >= lo && !has(c)) {
          bins[nb++] = c;
        }
        above += mass[c];
      }
      if (!has(b)) {
        bins[nb++] = b;
      }
      List<Members> found = row.collect(bins, nb);
      if (found != null) { // else bin b alone is collected next, if it is not too dense itself
        collected.addAll(found);
      }
    }

    private boolean has(int b) {
      return collected.stream().anyMatch(m -> m.bin == b);
    }
  }
}
