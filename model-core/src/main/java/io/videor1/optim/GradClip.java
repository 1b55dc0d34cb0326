package io.videor1.optim;

import java.util.Collection;

/** Global-norm gradient clipping as {@code torch.nn.utils.clip_grad_norm_}: one norm over every gradient. */
public final class GradClip {
  private GradClip() {}

  /** The L2 norm over all arrays, accumulated in double. */
  public static double globalNorm(Collection<float[]> grads) {
    double sum = 0;
    for (float[] g : grads) {
      for (float x : g) {
        sum += (double) x * x;
      }
    }
    return Math.sqrt(sum);
  }

  /**
   * Scales every gradient by max_norm / (norm + 1e-6) when that is below 1.
   *
   * @return the norm before clipping (what trainers log as grad_norm)
   */
  public static double clip(Collection<float[]> grads, double maxNorm) {
    double norm = globalNorm(grads);
    double coef = maxNorm / (norm + 1e-6);
    if (coef < 1) {
      float c = (float) coef;
      for (float[] g : grads) {
        for (int i = 0; i < g.length; i++) {
          g[i] *= c;
        }
      }
    }
    return norm;
  }
}
