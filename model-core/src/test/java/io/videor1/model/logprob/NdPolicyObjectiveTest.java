package io.videor1.model.logprob;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.videor1.rl.AggMode;
import io.videor1.rl.ObjectiveResult;
import io.videor1.rl.PolicyObjective;
import io.videor1.rl.RlOptions;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The NDArray objective against the pure-Java {@link PolicyObjective}: loss, KL, clip fraction and ∂loss/∂ℓ. */
class NdPolicyObjectiveTest {
  @ParameterizedTest
  @CsvSource({"SEQ_MEAN_TOKEN_MEAN,false", "TOKEN_MEAN,false", "FIXED_LENGTH,false", "SEQ_MEAN_TOKEN_MEAN,true",
      "TOKEN_MEAN,true", "FIXED_LENGTH,true"})
  void matchesThePureJavaObjective(AggMode mode, boolean withOld) {
    int b = 5;
    int t = 7;
    SplittableRandom r = new SplittableRandom(mode.ordinal() * 7L + (withOld ? 1 : 0));
    double[][] logp = new double[b][t];
    double[][] ref = new double[b][t];
    double[][] old = new double[b][t];
    int[] lengths = {7, 3, 0, 5, 1};
    float[] adv = new float[b];
    double[] advD = new double[b];
    float[] mask = new float[b * t];
    for (int i = 0; i < b; i++) {
      adv[i] = (float) (r.nextDouble() * 4 - 2);
      advD[i] = adv[i];
      for (int j = 0; j < t; j++) {
        logp[i][j] = (float) -r.nextDouble(0.01, 4);
        ref[i][j] = (float) (logp[i][j] + r.nextDouble(-1, 1) * (j == 2 ? 15 : 1)); // some beyond the ±10 clamp
        old[i][j] = (float) (logp[i][j] + r.nextDouble(-0.4, 0.4));
        mask[i * t + j] = j < lengths[i] ? 1 : 0;
      }
    }
    RlOptions opts = RlOptions.builder().optAggMode(mode).optMaxCompletionLength(11).build();
    ObjectiveResult expected = PolicyObjective.compute(logp, ref, withOld ? old : null, lengths, advD, opts);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray lp = m.create(flat(logp), new Shape(b, t));
      lp.setRequiresGradient(true);
      NDArray refNd = m.create(flat(ref), new Shape(b, t));
      NDArray oldNd = withOld ? m.create(flat(old), new Shape(b, t)) : null;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NdPolicyObjective.Result got = NdPolicyObjective.compute(lp, refNd, oldNd, m.create(mask, new Shape(b, t)),
            adv, opts);
        gc.backward(got.loss());
        assertEquals(expected.loss(), got.loss().getFloat(), 1e-6 * Math.max(1, Math.abs(expected.loss())));
        assertEquals(expected.meanKl(), got.meanKl(), 1e-6 * Math.max(1, expected.meanKl()));
        assertEquals(expected.clipFraction(), got.clipFraction(), 1e-9);
      }
      float[] grad = lp.getGradient().toFloatArray();
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < t; j++) {
          double e = expected.gradLogp()[i][j];
          assertEquals(e, grad[i * t + j], 1e-6 * Math.max(1, Math.abs(e)), "grad[" + i + "][" + j + "]");
        }
      }
    }
  }

  private static float[] flat(double[][] a) {
    float[] f = new float[a.length * a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        f[i * a[i].length + j] = (float) a[i][j];
      }
    }
    return f;
  }
}
