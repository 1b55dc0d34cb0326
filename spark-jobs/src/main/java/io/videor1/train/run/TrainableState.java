package io.videor1.train.run;

import ai.djl.nn.Parameter;
import io.videor1.model.params.ParamCodec;
import io.videor1.optim.AdamW;
import io.videor1.optim.GradClip;
import io.videor1.optim.LossScaler;
import io.videor1.optim.OptimThreads;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The driver's copy of what trains: float32 master weights by Hugging Face name, their shapes, AdamW's moments and
 * the number of optimizer updates taken.
 *
 * <p>{@link #update} is one optimizer step from summed gradients: scale to the mean, clip the global norm
 * ({@code clip_grad_norm_}), AdamW in PyTorch's order. All of it is plain Java on arrays, so the trajectory depends
 * only on the gradients, never on the engine.
 *
 * <p>With float16 executors the state also holds the dynamic {@link LossScaler}: executors multiply their loss by
 * {@link #lossScale()}, {@link #update} unscales the summed gradient in float32 first, skips a step whose gradient is
 * not finite and moves the scale either way.
 */
public final class TrainableState {
  private final Map<String, float[]> weights;
  private final Map<String, long[]> shapes;
  private final Map<String, AdamW.State> moments;
  private int optimizerSteps;
  private LossScaler scaler;

  public TrainableState(Map<String, float[]> weights, Map<String, long[]> shapes, Map<String, AdamW.State> moments,
      int optimizerSteps) {
    this(weights, shapes, moments, optimizerSteps, null);
  }

  /** A state whose gradients come loss-scaled by {@code scaler}'s scale (null: unscaled, float32 executors). */
  public TrainableState(Map<String, float[]> weights, Map<String, long[]> shapes, Map<String, AdamW.State> moments,
      int optimizerSteps, LossScaler scaler) {
    this.weights = weights;
    this.shapes = shapes;
    this.moments = moments;
    this.optimizerSteps = optimizerSteps;
    this.scaler = scaler;
  }

  /** The starting state of a replica's trainable parameters (zero moments). */
  public static TrainableState of(Map<String, Parameter> trainable) {
    Map<String, long[]> s = new LinkedHashMap<>();
    trainable.forEach((n, p) -> s.put(n, p.getArray().getShape().getShape()));
    return of(ParamCodec.toFloats(trainable), s);
  }

  /** The starting state of trainable tensors {@code weights} (owned from now on) of {@code shapes} (zero moments). */
  public static TrainableState of(Map<String, float[]> weights, Map<String, long[]> shapes) {
    Map<String, AdamW.State> m = new LinkedHashMap<>();
    weights.forEach((n, v) -> m.put(n, new AdamW.State(v.length)));
    return new TrainableState(weights, shapes, m, 0);
  }

  /**
   * What an update did.
   *
   * @param skipped the gradient was not finite, so the weights and moments were left as they were
   * @param lossScale the scale this step's loss was multiplied by (0: no loss scaling)
   */
  public record Update(double gradNorm, double lr, boolean clipped, boolean skipped, float lossScale) {}

  /**
   * Applies one AdamW step on the calling thread.
   *
   * @param gradSums gradients summed over {@code count} items (prompts or sequences); divided here
   * @param lr this step's learning rate
   * @param maxGradNorm clipping threshold (0: none)
   */
  public Update update(Map<String, float[]> gradSums, int count, double lr, double maxGradNorm, AdamW.Config adam) {
    return update(gradSums, count, lr, maxGradNorm, adam, OptimThreads.single());
  }

  /**
   * Applies one AdamW step, its loops over the tensors' chunks on {@code threads}: the same result for any count.
   *
   * @param gradSums gradients summed over {@code count} items (prompts or sequences); divided here
   * @param lr this step's learning rate
   * @param maxGradNorm clipping threshold (0: none)
   */
  public Update update(Map<String, float[]> gradSums, int count, double lr, double maxGradNorm, AdamW.Config adam,
      OptimThreads threads) {
    float used = scaler == null ? 0f : scaler.scale();
    if (scaler != null) {
      GradClip.scale(gradSums.values(), scaler.inverse(), threads); // a power of two with the defaults: exact
    }
    GradClip.scale(gradSums.values(), 1f / Math.max(1, count), threads);
    double norm = GradClip.globalNorm(gradSums.values(), threads);
    if (scaler != null) {
      scaler = scaler.next(!Double.isFinite(norm));
    }
    if (!Double.isFinite(norm)) {
      return new Update(norm, lr, false, true, used);
    }
    if (maxGradNorm > 0) {
      GradClip.clipTo(gradSums.values(), norm, maxGradNorm, threads);
    }
    optimizerSteps++;
    List<float[]> w = new ArrayList<>(weights.values());
    List<float[]> g = new ArrayList<>();
    List<AdamW.State> m = new ArrayList<>();
    for (String n : weights.keySet()) {
      g.add(gradSums.get(n));
      m.add(moments.get(n));
    }
    AdamW.step(w, g, m, optimizerSteps, lr, adam, threads);
    return new Update(norm, lr, maxGradNorm > 0 && norm > maxGradNorm, false, used);
  }

  /** Element counts by name (for reassembling gradient shards). */
  public Map<String, Integer> sizes() {
    Map<String, Integer> out = new LinkedHashMap<>();
    weights.forEach((n, v) -> out.put(n, v.length));
    return out;
  }

  /** Total trainable elements. */
  public long elements() {
    return weights.values().stream().mapToLong(v -> v.length).sum();
  }

  public Map<String, float[]> weights() {
    return weights;
  }

  public Map<String, long[]> shapes() {
    return shapes;
  }

  public Map<String, AdamW.State> moments() {
    return moments;
  }

  public int optimizerSteps() {
    return optimizerSteps;
  }

  /** The dynamic loss scale, or null without loss scaling. */
  public LossScaler scaler() {
    return scaler;
  }

  /** The factor executors multiply this step's loss by (1 without loss scaling). */
  public float lossScale() {
    return scaler == null ? 1f : scaler.scale();
  }

  /** Starts loss scaling (float16 executors) from {@code s}; null leaves gradients unscaled. */
  public TrainableState withScaler(LossScaler s) {
    this.scaler = s;
    return this;
  }
}
