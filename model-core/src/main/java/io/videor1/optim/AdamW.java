package io.videor1.optim;

import java.io.Serializable;

/**
 * AdamW as {@code torch.optim.AdamW} computes it (the non-fused, single-tensor path), on float arrays.
 *
 * <p>Per element, with step t starting at 1: p ← p·(1 − lr·wd); m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²;
 * p ← p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε). The moments are float32 like PyTorch's, so a run replays
 * bit for bit given the same gradients.
 */
public final class AdamW {
  /** Hyperparameters; defaults are Hugging Face's AdamW defaults with Video-R1's weight decay. */
  public record Config(double beta1, double beta2, double eps, double weightDecay) implements Serializable {
    public Config {
      if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
        throw new IllegalArgumentException("betas must be in [0, 1), got " + beta1 + ", " + beta2);
      }
      if (!(eps > 0) || !(weightDecay >= 0)) {
        throw new IllegalArgumentException("eps must be > 0 and weight decay >= 0, got " + eps + ", " + weightDecay);
      }
    }

    public static Config videoR1() {
      return new Config(0.9, 0.999, 1e-8, 0.01);
    }
  }

  /** The moments of one parameter tensor (or one shard of it). */
  public static final class State implements Serializable {
    public final float[] m;
    public final float[] v;

    public State(int size) {
      this.m = new float[size];
      this.v = new float[size];
    }

    public State(float[] m, float[] v) {
      if (m.length != v.length) {
        throw new IllegalArgumentException("moment sizes differ: " + m.length + " vs " + v.length);
      }
      this.m = m;
      this.v = v;
    }
  }

  private AdamW() {}

  /**
   * One update of {@code param} in place.
   *
   * @param step the optimizer step, 1 for the first update
   * @param lr the learning rate of this step
   */
  public static void step(float[] param, float[] grad, State s, int step, double lr, Config c) {
    if (grad.length != param.length || s.m.length != param.length) {
      throw new IllegalArgumentException(
          "sizes differ: param " + param.length + ", grad " + grad.length + ", state " + s.m.length);
    }
    if (step < 1) {
      throw new IllegalArgumentException("step starts at 1, got " + step);
    }
    // Coefficients are computed in double and rounded once, as PyTorch passes Python floats as scalars.
    float b1 = (float) c.beta1();
    float b2 = (float) c.beta2();
    float oneMinusB1 = (float) (1 - c.beta1());
    float oneMinusB2 = (float) (1 - c.beta2());
    float decay = (float) (1 - lr * c.weightDecay());
    double bc1 = 1 - Math.pow(c.beta1(), step);
    double bc2 = 1 - Math.pow(c.beta2(), step);
    float stepSize = (float) (lr / bc1);
    float bc2Sqrt = (float) Math.sqrt(bc2);
    float eps = (float) c.eps();
    float[] m = s.m;
    float[] v = s.v;
    for (int i = 0; i < param.length; i++) {
      float g = grad[i];
      float p = param[i] * decay;
      m[i] = m[i] * b1 + oneMinusB1 * g; // torch lerp_: m + (g - m)·(1 − β1), equal up to rounding
      v[i] = v[i] * b2 + oneMinusB2 * g * g;
      float denom = (float) Math.sqrt(v[i]) / bc2Sqrt + eps;
      param[i] = p - stepSize * (m[i] / denom);
    }
  }
}
