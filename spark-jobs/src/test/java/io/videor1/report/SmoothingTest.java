package io.videor1.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The report's curve smoothing is TensorBoard's debiased exponential moving average, checked against hand values. */
class SmoothingTest {
  @Test
  void debiasedValuesOfAHandSeries() {
    // w = 0.5 on 1, 0, 0, 1. Biased EMA from 0: 0.5, 0.25, 0.125, 0.5625; debias factors 1 - 0.5^t: 0.5, 0.75, 0.875,
    // 0.9375. Debiased: 1, 1/3, 1/7, 0.6.
    assertArrayEquals(new double[] {1, 1 / 3.0, 1 / 7.0, 0.6}, Smoothing.ema(new double[] {1, 0, 0, 1}, 0.5), 1e-12);
    // TensorBoard's default 0.6 on 2, 4, 3: 0.8/0.4 = 2; (0.48 + 1.6)/0.64 = 3.25; (1.248 + 1.2)/0.784 = 3.1224...
    assertArrayEquals(new double[] {2, 3.25, 2.448 / 0.784}, Smoothing.ema(new double[] {2, 4, 3}, 0.6), 1e-12);
  }

  @Test
  void nonFinitePointsAreShownAsIsAndNotCounted() {
    double[] s = Smoothing.ema(new double[] {2, Double.NaN, 4}, 0.6);
    assertEquals(2, s[0], 1e-12);
    assertTrue(Double.isNaN(s[1]));
    assertEquals((0.6 * 2 + 4) / 1.6, s[2], 1e-12, "the second finite point: t = 2");
  }

  @Test
  void eachPointIsTheMeanOfThePointsSoFarWeightedByPowersOfTheWeight() {
    SplittableRandom r = new SplittableRandom(3);
    double[] y = new double[50];
    for (int i = 0; i < y.length; i++) {
      y[i] = r.nextDouble(-2, 5);
    }
    for (double w : new double[] {0.1, 0.6, 0.9, 0.999}) {
      double[] s = Smoothing.ema(y, w);
      for (int t = 0; t < y.length; t++) {
        double num = 0;
        double den = 0;
        for (int i = 0; i <= t; i++) {
          num += Math.pow(w, t - i) * y[i];
          den += Math.pow(w, t - i);
        }
        assertEquals(num / den, s[t], 1e-9, "w " + w + " t " + t);
      }
    }
  }

  @Test
  void rawAtZeroConstantSeriesExactAndWeightsOutsideTheRangeRejected() {
    double[] y = {0.3, -1, 7};
    assertArrayEquals(y, Smoothing.ema(y, 0));
    double[] c = {0.1, 0.1, 0.1, 0.1, 0.1};
    assertArrayEquals(c, Smoothing.ema(c, 0.6), "not moved by an ulp (TensorBoard #786)");
    assertEquals(0, Smoothing.ema(new double[0], 0.6).length);
    assertThrows(IllegalArgumentException.class, () -> Smoothing.ema(y, 1));
    assertThrows(IllegalArgumentException.class, () -> Smoothing.ema(y, -0.1));
    assertThrows(IllegalArgumentException.class, () -> Smoothing.ema(y, Double.NaN));
  }
}
