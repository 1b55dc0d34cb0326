package io.videor1.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairedDifferenceTest {
  /** 200 questions: the first model right on 120, the second right on 90 of those and on 10 others. */
  private static double[][] pairs() {
    double[] a = new double[200];
    double[] b = new double[200];
    for (int i = 0; i < 200; i++) {
      a[i] = i < 120 ? 1 : 0;
      b[i] = i < 90 || (i >= 120 && i < 130) ? 1 : 0;
    }
    return new double[][] {a, b};
  }

  @Test
  void theMeanIsExactAndTheIntervalHasTheBinomialWidth() {
    double[][] p = pairs();
    PairedDifference d = PairedDifference.of(p[0], p[1], 7);
    assertEquals((120 - 100) / 200.0, d.mean(), 1e-12);
    assertEquals(200, d.n());
    assertTrue(d.lo() < d.mean() && d.mean() < d.hi(), d.toString());
    // 30 questions +1, 10 questions -1: sd of the difference = sqrt(40/200 - 0.1^2) = 0.436, se = 0.0308
    assertEquals(1.96 * 0.0308, (d.hi() - d.lo()) / 2, 0.01, d.toString());
    assertTrue(d.above(0), "a 20-question gain out of 200 with 40 discordant pairs is significant: " + d);
  }

  @Test
  void independentColumnsGiveTheUnpairedWidth() {
    double[] a = new double[500];
    double[] b = new double[500];
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextDouble() < 0.6 ? 1 : 0;
      b[i] = r.nextDouble() < 0.5 ? 1 : 0;
    }
    PairedDifference d = PairedDifference.of(a, b, 7);
    // two independent coin columns: the 95% half-width is ~1.96 * sqrt(0.24 + 0.25) / sqrt(500)
    assertEquals(1.96 * Math.sqrt(0.6 * 0.4 + 0.25) / Math.sqrt(500), (d.hi() - d.lo()) / 2, 0.01);
  }

  @Test
  void theSameSeedGivesTheSameIntervalAndAnotherSeedAnother() {
    double[][] p = pairs();
    assertEquals(PairedDifference.of(p[0], p[1], 500, 3), PairedDifference.of(p[0], p[1], 500, 3));
    assertNotEquals(PairedDifference.of(p[0], p[1], 500, 3).lo(), PairedDifference.of(p[0], p[1], 500, 4).lo());
  }

  @Test
  void identicalScoresGiveAZeroWidthIntervalAtZero() {
    double[] a = new SplittableRandom(1).doubles(50).toArray();
    assertEquals(new PairedDifference(0, 0, 0, 50), PairedDifference.of(a, a.clone(), 1));
  }

  @Test
  void strataKeepTheirWeights() {
    // VSI-Bench style: accuracy items (diff 1 on 1 of 4) and MRA items (diff 0.5 on both), weighted 1/2 each
    double[][] a = {{1, 1, 0, 0}, {0.5, 0.9}};
    double[][] b = {{0, 1, 0, 0}, {0.0, 0.4}};
    PairedDifference d = PairedDifference.stratified(a, b, new double[] {0.5, 0.5}, 2000, 9);
    assertEquals(0.5 * 0.25 + 0.5 * 0.5, d.mean(), 1e-12);
    assertEquals(6, d.n());
    // the MRA stratum never varies, so no resample goes below 0.25 or above 0.75
    assertTrue(d.lo() >= 0.25 - 1e-12 && d.hi() <= 0.75 + 1e-12, d.toString());
    assertTrue(d.lo() <= d.mean() && d.mean() <= d.hi(), d.toString());
  }

  @Test
  void oneStratumIsThePlainDifference() {
    double[][] p = pairs();
    assertEquals(PairedDifference.of(p[0], p[1], 300, 5),
        PairedDifference.stratified(new double[][] {p[0]}, new double[][] {p[1]}, new double[] {1}, 300, 5));
  }

  @Test
  void emptyInputMismatchedLengthsAndNoResamples() {
    assertEquals(new PairedDifference(0, 0, 0, 0), PairedDifference.of(new double[0], new double[0], 10, 1));
    assertThrows(IllegalArgumentException.class, () -> PairedDifference.of(new double[2], new double[3], 1));
    assertThrows(IllegalArgumentException.class, () -> PairedDifference.of(new double[2], new double[2], 0, 1));
    assertThrows(IllegalArgumentException.class,
        () -> PairedDifference.stratified(new double[][] {{1}}, new double[][] {{1}}, new double[0], 10, 1));
  }
}
