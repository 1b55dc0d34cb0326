package io.videor1.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The numerics under {@link SelectionSampler}'s proof: {@link NegExp#ofNarrow} within its stated bound, pass 2 in
 * vector lanes ({@link RowLanes}) giving the scalar loop's bits, and every bin's mass within
 * {@link BinnedRow#ERROR_UNITS} (plus summation) of the sum of {@code Math.exp} over its ids.
 */
class BinnedRowTest {
  private static final double UNIT = 0x1p-53;

  @Test
  void narrowNegExpStaysWithinItsStatedBound() {
    SplittableRandom rnd = new SplittableRandom(11);
    List<Double> rs = new ArrayList<>(List.of(0.0, -0.0, Double.MIN_VALUE, 1e-300, NegExp.NARROW,
        Math.nextDown(NegExp.NARROW), 1.0 / 64));
    for (int i = 0; i < 1 << 22; i++) {
      rs.add(i % 4 == 0 ? rnd.nextDouble() * NegExp.NARROW * 1e-6 : rnd.nextDouble() * NegExp.NARROW);
    }
    double worst = 0;
    for (double r : rs) {
      double want = Math.exp(-r);
      worst = Math.max(worst, Math.abs(NegExp.ofNarrow(r) - want) / want);
    }
    // against Math.exp, itself within 1 ulp (≤ 2 units) of e^−r
    assertTrue(worst <= (NegExp.NARROW_ERROR_UNITS + 2) * UNIT, "worst relative error " + worst / UNIT + " units");
  }

  @Test
  void vectorLanesGiveTheScalarLoopsBits() {
    assertTrue(RowLanes.PRESENT, "the test JVM runs with --add-modules jdk.incubator.vector (surefire's argLine)");
    SplittableRandom rnd = new SplittableRandom(5);
    double[] scales = {32, 64, 256, 0x1p20, 0x1p100};
    int rows = 0;
    for (int r = 0; rows < 3000; r++) {
      RandomRows.Row row = RandomRows.next(rnd, r);
      float max = Float.NEGATIVE_INFINITY;
      for (int i = 0; i < row.vocab(); i++) {
        max = Math.max(max, row.logits()[row.off() + i]);
      }
      if (Float.isNaN(max) || Float.isInfinite(max)) {
        continue; // rows the sampler rejects before pass 2
      }
      rows++;
      double scale = scales[rnd.nextInt(scales.length)];
      int vocab = row.vocab();
      short[] binsA = new short[vocab];
      short[] binsB = new short[vocab];
      double[] massA = new double[BinnedRow.BINS + 1];
      double[] massB = new double[BinnedRow.BINS + 1];
      int tailA = BinnedRow.binScalar(row.logits(), row.off(), vocab, max, scale, binsA, massA);
      int tailB = RowLanes.bin(row.logits(), row.off(), vocab, max, scale, binsB, massB,
          new double[RowLanes.CHUNK], new long[RowLanes.CHUNK], BinnedRow.BINS, (short) BinnedRow.BINS);
      assertEquals(tailA, tailB, row::describe);
      assertArrayEquals(binsA, binsB, row::describe);
      for (int b = 0; b <= BinnedRow.BINS; b++) {
        assertEquals(Double.doubleToRawLongBits(massA[b]), Double.doubleToRawLongBits(massB[b]),
            "bin " + b + ", " + row.describe());
      }
    }
  }

  @Test
  void binMassesStayWithinTheirBound() {
    SplittableRandom rnd = new SplittableRandom(8);
    int checked = 0;
    double worst = 0;
    for (int r = 0; checked < 2000; r++) {
      RandomRows.Row row = RandomRows.next(rnd, r);
      BinnedRow binned = new BinnedRow(1.0, new boolean[row.vocab()]);
      if (!binned.bin(row.logits(), row.off(), row.vocab())) {
        continue;
      }
      checked++;
      double[] want = new double[BinnedRow.BINS + 1];
      int[] count = new int[BinnedRow.BINS + 1];
      for (int i = 0; i < row.vocab(); i++) { // index order, Math.exp: the reference's terms
        int b = binned.binOf(i);
        want[b] += b == BinnedRow.BINS ? 0 : Math.exp(row.logits()[row.off() + i] - (double) binned.max);
        count[b]++;
      }
      for (int b = 0; b < BinnedRow.BINS; b++) {
        assertEquals(count[b] > 0, binned.mass[b] > 0, "a bin is empty iff its mass is 0");
        if (count[b] > 0) {
          double rel = Math.abs(binned.mass[b] - want[b]) / want[b];
          worst = Math.max(worst, rel / (BinnedRow.ERROR_UNITS + 2.0 * count[b]));
          assertTrue(rel <= (BinnedRow.ERROR_UNITS + 2.0 * count[b]) * UNIT, "bin " + b + " of " + row.describe()
              + ": " + rel / UNIT + " units over " + count[b] + " ids");
        }
      }
      assertEquals(0.0, binned.mass[BinnedRow.BINS], "the tail's slot gathers zeros");
    }
    assertTrue(worst > 0, "the bound was exercised");
  }
}
