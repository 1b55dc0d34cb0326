package io.videor1.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The policy objective of spec §5.3 against hand computation and finite differences. */
class PolicyObjectiveTest {
  private static final RlOptions REF = RlOptions.defaults();

  @Test
  void handComputedReferenceLoss() {
    double[][] logp = {{-1.0, -2.0}, {-0.5}};
    double[][] ref = {{-1.5, -2.0}, {19.5}}; // second sequence: log-ratio 20 is clamped to 10
    double[] adv = {1.0, -0.5};
    ObjectiveResult r = PolicyObjective.compute(logp, ref, null, null, adv, REF);

    double kl00 = Math.exp(-0.5) + 0.5 - 1;
    double kl10 = Math.exp(10) - 10 - 1;
    double seq0 = (-(1.0 - 0.04 * kl00) + -(1.0 - 0.0)) / 2;
    double seq1 = -(-0.5 - 0.04 * kl10);
    assertEquals((seq0 + seq1) / 2, r.loss(), 1e-9);
    assertEquals((kl00 / 2 + kl10) / 2, r.meanKl(), 1e-9);
    // d/dℓ: −A + β(1 − e^x) inside the clamp, −A outside; times 1 / (B · n_i).
    assertEquals((-1.0 + 0.04 * (1 - Math.exp(-0.5))) / 4, r.gradLogp()[0][0], 1e-12);
    assertEquals(-1.0 / 4, r.gradLogp()[0][1], 1e-12);
    assertEquals(0.5 / 2, r.gradLogp()[1][0], 1e-12);
    assertEquals(0.0, r.clipFraction());
  }

  @Test
  void aggregationModes() {
    double[][] logp = {{-1, -1, -1}, {-1}};
    double[][] ref = {{-1, -1, -1}, {-1}}; // KL 0: per-token loss is −A
    double[] adv = {1.0, 2.0};
    assertEquals((-1.0 + -2.0) / 2, PolicyObjective.compute(logp, ref, null, null, adv, REF).loss(), 1e-15);
    RlOptions dapo = REF.toBuilder().optAggMode(AggMode.TOKEN_MEAN).optMaxCompletionLength(768).build();
    assertEquals((-3.0 - 2.0) / 4, PolicyObjective.compute(logp, ref, null, null, adv, dapo).loss(), 1e-15);
    RlOptions dr = REF.toBuilder().optAggMode(AggMode.FIXED_LENGTH).optMaxCompletionLength(10).build();
    ObjectiveResult r = PolicyObjective.compute(logp, ref, null, null, adv, dr);
    assertEquals((-3.0 - 2.0) / (2 * 10), r.loss(), 1e-15);
    assertEquals(-2.0 / 20, r.gradLogp()[1][0], 1e-15);
  }

  @Test
  void paddingAndEmptySequences() {
    double[][] logp = {{-1, -7, -7}, {}};
    double[][] ref = {{-1, 3, 3}, {}};
    ObjectiveResult r = PolicyObjective.compute(logp, ref, null, new int[] {1, 0}, new double[] {2, 5}, REF);
    assertEquals(-2.0 / 2, r.loss(), 1e-15, "the empty sequence adds 0 and still counts in B");
    assertEquals(0.0, r.gradLogp()[0][1]);
    assertEquals(0.0, r.gradLogp()[0][2]);
  }

  @Test
  void referenceGradientEqualsFiniteDifferencesOfTheSurrogate() {
    // With ℓ_old = ℓ held fixed and no clipping, the surrogate's derivative at ℓ is the reference's gradient.
    Random rnd = new Random(3);
    for (AggMode mode : AggMode.values()) {
      RlOptions noClip = REF.toBuilder().optAggMode(mode).optMaxCompletionLength(50).optClipLow(0.99).optClipHigh(1e6)
          .build();
      for (int trial = 0; trial < 20; trial++) {
        Batch b = Batch.random(rnd);
        ObjectiveResult analytic = PolicyObjective.compute(b.logp, b.ref, null, b.lengths, b.adv, noClip);
        double[][] old = copy(b.logp);
        checkFiniteDifferences(b, old, noClip, analytic);
      }
    }
  }

  @Test
  void clippedObjectiveGradientEqualsFiniteDifferences() {
    Random rnd = new Random(4);
    for (AggMode mode : AggMode.values()) {
      RlOptions clip = REF.toBuilder().optAggMode(mode).optMaxCompletionLength(50).optClipLow(0.2).optClipHigh(0.28)
          .build();
      int sawClipped = 0;
      for (int trial = 0; trial < 20; trial++) {
        Batch b = Batch.random(rnd);
        double[][] old = copy(b.logp);
        for (double[] row : old) {
          for (int t = 0; t < row.length; t++) {
            row[t] += rnd.nextGaussian() * 0.4;
          }
        }
        ObjectiveResult analytic = PolicyObjective.compute(b.logp, b.ref, old, b.lengths, b.adv, clip);
        sawClipped += analytic.clipFraction() > 0 ? 1 : 0;
        checkFiniteDifferences(b, old, clip, analytic);
      }
      assertTrue(sawClipped > 0, "clipping was exercised");
    }
  }

  private static void checkFiniteDifferences(Batch b, double[][] old, RlOptions opts, ObjectiveResult analytic) {
    double h = 1e-6;
    for (int i = 0; i < b.logp.length; i++) {
      for (int t = 0; t < b.logp[i].length; t++) {
        double saved = b.logp[i][t];
        b.logp[i][t] = saved + h;
        double up = PolicyObjective.compute(b.logp, b.ref, old, b.lengths, b.adv, opts).loss();
        b.logp[i][t] = saved - h;
        double down = PolicyObjective.compute(b.logp, b.ref, old, b.lengths, b.adv, opts).loss();
        b.logp[i][t] = saved;
        double fd = (up - down) / (2 * h);
        assertEquals(fd, analytic.gradLogp()[i][t], 1e-6 * Math.max(1, Math.abs(fd)),
            "d loss / d logp[" + i + "][" + t + "] with " + opts.aggMode());
      }
    }
  }

  private static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }

  /** A random batch away from the non-differentiable points (clamp edges of the KL and of the ratio). */
  private record Batch(double[][] logp, double[][] ref, int[] lengths, double[] adv) {
    static Batch random(Random rnd) {
      int b = 1 + rnd.nextInt(4);
      double[][] logp = new double[b][];
      double[][] ref = new double[b][];
      int[] lengths = new int[b];
      double[] adv = new double[b];
      for (int i = 0; i < b; i++) {
        int t = 1 + rnd.nextInt(6);
        lengths[i] = rnd.nextInt(t + 1);
        logp[i] = new double[t];
        ref[i] = new double[t];
        adv[i] = rnd.nextGaussian();
        for (int k = 0; k < t; k++) {
          logp[i][k] = -rnd.nextDouble() * 5;
          double x = rnd.nextBoolean() ? rnd.nextGaussian() : (rnd.nextBoolean() ? 12 : -12) + rnd.nextGaussian();
          ref[i][k] = logp[i][k] + x;
        }
      }
      return new Batch(logp, ref, lengths, adv);
    }
  }
}
