package io.videor1.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {
  /** 200 questions: ordered right on 120, the probe right on 90 of those and on 10 others. */
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
  void theMeanIsTheMeanPairedDifference() {
    double[][] p = pairs();
    PairedBootstrap.Interval d = PairedBootstrap.meanDifference(p[0], p[1], 2000, 7);
    assertEquals((120 - 100) / 200.0, d.mean(), 1e-12);
    assertEquals(200, d.n());
  }

  @Test
  void theIntervalContainsTheMeanAndHasTheBinomialWidth() {
    double[][] p = pairs();
    PairedBootstrap.Interval d = PairedBootstrap.meanDifference(p[0], p[1], 2000, 7);
    assertTrue(d.lo() < d.mean() && d.mean() < d.hi(), d.toString());
    // 30 questions +1, 10 questions -1: sd of the difference = sqrt(40/200 - 0.1^2) = 0.436, se = 0.0308
    double halfWidth = (d.hi() - d.lo()) / 2;
    assertEquals(1.96 * 0.0308, halfWidth, 0.01, d.toString());
    assertTrue(d.lo() > 0, "a 20-question gain out of 200 with 40 discordant pairs is significant: " + d);
  }

  @Test
  void theSameSeedGivesTheSameIntervalAndAnotherSeedAnother() {
    double[][] p = pairs();
    assertEquals(PairedBootstrap.meanDifference(p[0], p[1], 500, 3), PairedBootstrap.meanDifference(p[0], p[1], 500, 3));
    assertNotEquals(PairedBootstrap.meanDifference(p[0], p[1], 500, 3).lo(),
        PairedBootstrap.meanDifference(p[0], p[1], 500, 4).lo());
  }

  @Test
  void identicalScoresGiveAZeroWidthIntervalAtZero() {
    double[] a = new SplittableRandom(1).doubles(50).toArray();
    PairedBootstrap.Interval d = PairedBootstrap.meanDifference(a, a.clone(), 2000, 1);
    assertEquals(new PairedBootstrap.Interval(0, 0, 0, 50), d);
  }

  @Test
  void strataKeepTheirWeights() {
    // VSI-Bench style: accuracy items (diff 1 on 1 of 4) and MRA items (diff 0.5 on both), weighted 1/2 each
    double[][] a = {{1, 1, 0, 0}, {0.5, 0.9}};
    double[][] b = {{0, 1, 0, 0}, {0.0, 0.4}};
    PairedBootstrap.Interval d = PairedBootstrap.stratified(a, b, new double[] {0.5, 0.5}, 2000, 9);
    assertEquals(0.5 * 0.25 + 0.5 * 0.5, d.mean(), 1e-12);
    assertEquals(6, d.n());
    // the MRA stratum never varies, so no resample goes below 0.25 or above 0.75
    assertTrue(d.lo() >= 0.25 - 1e-12 && d.hi() <= 0.75 + 1e-12, d.toString());
    assertTrue(d.lo() <= d.mean() && d.mean() <= d.hi(), d.toString());
  }

  @Test
  void emptyInputAndMismatchedLengths() {
    assertEquals(new PairedBootstrap.Interval(0, 0, 0, 0), PairedBootstrap.meanDifference(new double[0], new double[0], 10, 1));
    assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.meanDifference(new double[2], new double[3], 10, 1));
  }
}
