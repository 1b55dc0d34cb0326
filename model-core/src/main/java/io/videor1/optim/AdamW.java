package io.videor1.optim;

import java.io.Serializable;
import java.util.List;

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
    check(param, grad, s);
    Coefficients.of(step, lr, c).apply(param, grad, s, 0, param.length);
  }

  /**
   * One update of every tensor in place, chunks of them on {@code threads}: element for element the same arithmetic as
   * {@link #step(float[], float[], State, int, double, Config)} on each tensor, so the same bits for any thread count.
   *
   * @param params the tensors, updated in place
   * @param grads their gradients, in the same order
   * @param states their moments, in the same order
   */
  public static void step(List<float[]> params, List<float[]> grads, List<State> states, int step, double lr,
      Config c, OptimThreads threads) {
    if (grads.size() != params.size() || states.size() != params.size()) {
      throw new IllegalArgumentException("tensor counts differ: params " + params.size() + ", grads " + grads.size()
          + ", states " + states.size());
    }
    float[][] p = params.toArray(new float[0][]);
    float[][] g = grads.toArray(new float[0][]);
    State[] s = states.toArray(new State[0]);
    int[] sizes = new int[p.length];
    for (int t = 0; t < p.length; t++) {
      check(p[t], g[t], s[t]);
      sizes[t] = p[t].length;
    }
    Coefficients k = Coefficients.of(step, lr, c);
    threads.forEachChunk(sizes, (t, from, to) -> k.apply(p[t], g[t], s[t], from, to));
  }

  private static void check(float[] param, float[] grad, State s) {
    if (grad.length != param.length || s.m.length != param.length) {
      throw new IllegalArgumentException(
          "sizes differ: param " + param.length + ", grad " + grad.length + ", state " + s.m.length);
    }
  }

  /** One step's scalars, computed in double and rounded once, as PyTorch passes Python floats as scalars. */
  private record Coefficients(float b1, float b2, float oneMinusB1, float oneMinusB2, float decay, float stepSize,
      float bc2Sqrt, float eps) {

    static Coefficients of(int step, double lr, Config c) {
      if (step < 1) {
        throw new IllegalArgumentException("step starts at 1, got " + step);
      }
      double bc1 = 1 - Math.pow(c.beta1(), step);
      double bc2 = 1 - Math.pow(c.beta2(), step);
      return new Coefficients((float) c.beta1(), (float) c.beta2(), (float) (1 - c.beta1()), (float) (1 - c.beta2()),
          (float) (1 - lr * c.weightDecay()), (float) (lr / bc1), (float) Math.sqrt(bc2), (float) c.eps());
    }

    /** The update of elements [from, to): each element's expression is the same wherever the range starts. */
    void apply(float[] param, float[] grad, State s, int from, int to) {
      float b1 = this.b1;
      float b2 = this.b2;
      float oneMinusB1 = this.oneMinusB1;
      float oneMinusB2 = this.oneMinusB2;
      float decay = this.decay;
      float stepSize = this.stepSize;
      float bc2Sqrt = this.bc2Sqrt;
      float eps = this.eps;
      float[] m = s.m;
      float[] v = s.v;
      for (int i = from; i < to; i++) {
        float g = grad[i];
        float p = param[i] * decay;
        m[i] = m[i] * b1 + oneMinusB1 * g; // torch lerp_: m + (g - m)·(1 − β1), equal up to rounding
        v[i] = v[i] * b2 + oneMinusB2 * g * g;
        float denom = (float) Math.sqrt(v[i]) / bc2Sqrt + eps;
        param[i] = p - stepSize * (m[i] / denom);
      }
    }
  }
}
