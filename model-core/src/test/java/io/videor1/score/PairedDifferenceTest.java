package io.videor1.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PairedDifferenceTest {
  @Test
  void theMeanIsExactAndTheIntervalHoldsIt() {
    double[] a = new double[500];
    double[] b = new double[500];
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextDouble() < 0.6 ? 1 : 0;
      b[i] = r.nextDouble() < 0.5 ? 1 : 0;
    }
    PairedDifference d = PairedDifference.of(a, b, 7);
    double mean = 0;
    for (int i = 0; i < a.length; i++) {
      mean += (a[i] - b[i]) / a.length;
    }
    assertEquals(mean, d.mean(), 1e-12);
    assertTrue(d.lo() < d.mean() && d.mean() < d.hi(), d.toString());
    // two independent coin columns: sd of a difference ~0.7, so the 95% half-width is ~1.96 * 0.7 / sqrt(500)
    double half = (d.hi() - d.lo()) / 2;
    assertEquals(1.96 * Math.sqrt(0.6 * 0.4 + 0.25) / Math.sqrt(500), half, 0.01);
    assertEquals(500, d.n());
  }

  @Test
  void theSameSeedGivesTheSameIntervalAndIdenticalScoresGiveNone() {
    double[] a = {1, 0, 1, 1, 0, 1, 0, 0, 1, 1};
    double[] b = {0, 0, 1, 0, 0, 1, 1, 0, 0, 1};
    assertEquals(PairedDifference.of(a, b, 3), PairedDifference.of(a, b, 3));
    PairedDifference same = PairedDifference.of(a, a, 3);
    assertEquals(0, same.mean());
    assertEquals(0, same.lo());
    assertEquals(0, same.hi());
    assertTrue(PairedDifference.of(new double[] {1, 1, 1}, new double[] {0, 0, 0}, 1).above(0));
  }

  @Test
  void unequalLengthsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> PairedDifference.of(new double[2], new double[3], 1));
  }
}
