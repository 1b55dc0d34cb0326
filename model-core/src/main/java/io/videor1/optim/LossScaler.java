package io.videor1.optim;

import java.io.Serializable;

/**
 * Dynamic loss scaling for float16 gradients, as {@code torch.amp.GradScaler} does it: the loss is multiplied by
 * {@link #scale()} before backward so that small gradients do not flush to zero in float16, the summed gradients are
 * multiplied by {@link #inverse()} in float32 before clipping and the optimizer, and {@link #next} updates the scale
 * after each step.
 *
 * <p>A step whose gradients hold an infinity or a NaN is skipped (weights and AdamW moments untouched) and the scale
 * is multiplied by {@code backoff}; after {@code growthInterval} clean steps in a row it is multiplied by
 * {@code growth} (only if the product is finite). The scale is a float32 and a power of two with the defaults, so
 * scaling and unscaling are exact. The state is two numbers, saved with the optimizer state for an exact resume.
 *
 * @param scale the factor of this step's loss
 * @param growthTracker clean steps since the scale last changed
 */
public record LossScaler(float scale, int growthTracker, Config config) implements Serializable {

  /**
   * PyTorch's knobs.
   *
   * @param initScale the first scale (GradScaler's 2^16)
   * @param growth factor after {@code growthInterval} clean steps (2.0)
   * @param backoff factor after a step with a non-finite gradient (0.5)
   * @param growthInterval clean steps before the scale grows (2000)
   */
  public record Config(double initScale, double growth, double backoff, int growthInterval) implements Serializable {
    public Config {
      if (!(initScale > 0) || !Float.isFinite((float) initScale)) {
        throw new IllegalArgumentException("the initial loss scale must be a finite float32 > 0 (got " + initScale
            + ")");
      }
      if (!(growth > 1) || !(backoff > 0 && backoff < 1) || growthInterval < 1) {
        throw new IllegalArgumentException("loss scaling needs growth > 1, backoff in (0, 1) and a growth interval "
            + ">= 1 (got " + growth + ", " + backoff + ", " + growthInterval + ")");
      }
    }

    /** GradScaler's defaults. */
    public static Config pytorch() {
      return new Config(65536.0, 2.0, 0.5, 2000);
    }
  }

  /** The state before the first step. */
  public static LossScaler start(Config c) {
    return new LossScaler((float) c.initScale(), 0, c);
  }

  /** 1 / scale, as GradScaler computes it: the reciprocal in double, rounded once to float. */
  public float inverse() {
    return (float) (1.0 / (double) scale);
  }

  /** The state after a step that found ({@code foundInf}) or did not find a non-finite gradient. */
  public LossScaler next(boolean foundInf) {
    if (foundInf) {
      return new LossScaler(scale * (float) config.backoff(), 0, config);
    }
    int clean = growthTracker + 1;
    if (clean < config.growthInterval()) {
      return new LossScaler(scale, clean, config);
    }
    float grown = scale * (float) config.growth();
    return new LossScaler(Float.isFinite(grown) ? grown : scale, 0, config);
  }
}
