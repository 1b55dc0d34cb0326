package io.videor1.reward;

import java.util.OptionalDouble;

/**
 * Mean Relative Accuracy, the evaluation score for regression answers ({@code eval_bench.py}, spec §7.2).
 *
 * <p>rel = |pred − gt| / (|gt| + 1e-8), and MRA is the fraction of the ten thresholds θ ∈ {0.50, 0.55, …, 0.95} with
 * rel &lt; 1 − θ. The reference does this on float32 tensors, so it is reproduced in float32 here: both numbers are
 * rounded to float32 first, the ε is float32(1e-8), the thresholds are PyTorch's CPU {@code arange} (each value
 * computed in double as 0.5 + 0.05·i, then rounded to float32), and the result is the float32 mean widened to double
 * (so 3 of 10 is 0.30000001192092896, as {@code .item()} returns it). Examples: gt 2.0, pred 2.5 → 0.5; pred 3.0 → 0;
 * gt 0, pred 0 → 1.0.
 */
public final class MeanRelativeAccuracy {
  private static final float EPS = 1e-8f;
  private static final float[] ONE_MINUS_THRESHOLD = new float[10];

  static {
    for (int i = 0; i < 10; i++) {
      float theta = (float) (0.5 + 0.05 * i);
      ONE_MINUS_THRESHOLD[i] = 1f - theta;
    }
  }

  private MeanRelativeAccuracy() {}

  /** MRA of two numbers, in float32 as the reference computes it. */
  public static double of(double prediction, double groundTruth) {
    float p = (float) prediction;
    float g = (float) groundTruth;
    float rel = Math.abs(p - g) / (Math.abs(g) + EPS);
    int hits = 0;
    for (float limit : ONE_MINUS_THRESHOLD) {
      if (rel < limit) {
        hits++;
      }
    }
    return (double) ((float) hits / 10f);
  }

  /** MRA of two answer strings (commas deleted, Python float grammar); 0 when either does not parse. */
  public static double score(String groundTruth, String prediction) {
    OptionalDouble gt = PythonFloat.normalizeNumber(groundTruth);
    OptionalDouble pred = PythonFloat.normalizeNumber(prediction);
    if (gt.isEmpty() || pred.isEmpty()) {
      return 0.0;
    }
    return of(pred.getAsDouble(), gt.getAsDouble());
  }
}
