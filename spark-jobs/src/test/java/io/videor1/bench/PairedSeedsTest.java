package io.videor1.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The statistics of {@code bench temporal} on hand-built numbers. */
class PairedSeedsTest {
  @Test
  void signFlipEnumeratesEveryPattern() {
    // sums of ±1 ±2 ±3: 6, 4, 2, 0, 0, -2, -4, -6; only the all-plus pattern reaches 6
    assertEquals(1.0 / 8, PairedSeeds.signFlipP(new double[] {1, 2, 3}, 1000, 1), 0);
    // observed 1 - 2 + 3 = 2: reached by 6, 4 and 2
    assertEquals(3.0 / 8, PairedSeeds.signFlipP(new double[] {1, -2, 3}, 1000, 1), 0);
    // a zero difference flips to itself: both of its patterns tie with the observed sum
    assertEquals(2.0 / 4, PairedSeeds.signFlipP(new double[] {0, 1}, 1000, 1), 0);
    // ties in floating point: 0.1 + 0.2 against the flipped sums of the same terms
    assertEquals(1.0 / 4, PairedSeeds.signFlipP(new double[] {0.1, 0.2}, 1000, 1), 0);
    assertEquals(1.0, PairedSeeds.signFlipP(new double[] {-0.1, -0.2}, 1000, 1), 0);
    assertTrue(Double.isNaN(PairedSeeds.signFlipP(new double[0], 1000, 1)));
  }

  @Test
  void signFlipAboveTwentySeedsIsSeededMonteCarlo() {
    // 21 differences of ±1 summing to 1: any pattern's sum is odd, so P(sum >= 1) = 1/2 exactly
    double[] d = new double[21];
    for (int i = 0; i < d.length; i++) {
      d[i] = i % 2 == 0 ? 1 : -1;
    }
    double p = PairedSeeds.signFlipP(d, 200_000, 5);
    assertEquals(0.5, p, 0.005);
    assertEquals(p, PairedSeeds.signFlipP(d, 200_000, 5), 0);
    assertNotEquals(p, PairedSeeds.signFlipP(d, 200_000, 6));
    // all 25 positive: exact p = 2^-25; the add-one estimate is 1 / (1 + draws), never 0
    double[] up = new double[25];
    java.util.Arrays.fill(up, 0.1);
    assertEquals(1.0 / 1001, PairedSeeds.signFlipP(up, 1000, 1), 1e-15);
  }

  @Test
  void bootstrapIsSeededAndCentredOnTheDifference() {
    double[][] a = {{1, 0, 1, 1}, {0, 0, 1, 1}, {1, 1, 1, 0}};
    double[][] b = {{0, 0, 1, 0}, {0, 1, 1, 0}, {1, 0, 0, 0}};
    PairedSeeds.Interval x = PairedSeeds.bootstrap(a, b, 2000, 9);
    PairedSeeds.Interval y = PairedSeeds.bootstrap(a, b, 2000, 9);
    assertEquals(x, y);
    assertNotEquals(x, PairedSeeds.bootstrap(a, b, 2000, 10));
    // mean difference (0.5 + 0.25 + 0.5) / 3 = 0.4167 lies inside; every resample is a mean of -1..1 values
    assertTrue(x.lo() < 0.4167 && 0.4167 < x.hi(), x.toString());
    assertTrue(x.lo() >= -1 && x.hi() <= 1, x.toString());
    // a constant difference has no spread at either level
    double[][] c = {{0.5, 0.5}, {0.5, 0.5}};
    double[][] z = {{0, 0}, {0, 0}};
    assertEquals(new PairedSeeds.Interval(0.5, 0.5), PairedSeeds.bootstrap(c, z, 500, 1));
    // questions vary within a seed but not seeds' means: the question level alone gives a non-zero width
    double[][] q = {{1, 0}, {1, 0}};
    PairedSeeds.Interval w = PairedSeeds.bootstrap(q, z, 2000, 1);
    assertTrue(w.lo() < 0.5 && w.hi() > 0.5, w.toString());
    assertNull(PairedSeeds.bootstrap(new double[0][], new double[0][], 100, 1));
  }

  @Test
  void seedsNeededMatchesThePairedTTestTables() {
    // one-sided alpha 0.05, power 0.8: effect size 1 needs 8 pairs, 0.5 needs 27 (G*Power; the noncentral t gives
    // the same), 0.3 needs 71
    assertEquals(8, PairedSeeds.pairsNeeded(1.0, 1.0, 0.05, 0.8), 0);
    assertEquals(27, PairedSeeds.pairsNeeded(0.06, 0.03, 0.05, 0.8), 0);
    assertEquals(71, PairedSeeds.pairsNeeded(0.1, 0.03, 0.05, 0.8), 0);
    assertTrue(Double.isNaN(PairedSeeds.pairsNeeded(0, 0.03, 0.05, 0.8)));
    assertTrue(Double.isNaN(PairedSeeds.pairsNeeded(Double.NaN, 0.03, 0.05, 0.8)));
    assertEquals(1.644854, PairedSeeds.normalQuantile(0.95), 1e-6);
    assertEquals(1.894579, PairedSeeds.tQuantile(0.95, 7), 2e-3);
  }

  @Test
  void sdAndCorrelation() {
    assertEquals(Math.sqrt(2.5), PairedSeeds.sd(new double[] {1, 2, 3, 4, 5}), 1e-12);
    assertEquals(1.0, PairedSeeds.correlation(new double[] {1, 2, 3}, new double[] {2, 4, 6}), 1e-12);
    assertEquals(-1.0, PairedSeeds.correlation(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
    assertTrue(Double.isNaN(PairedSeeds.correlation(new double[] {1, 1}, new double[] {1, 2})));
  }
}
