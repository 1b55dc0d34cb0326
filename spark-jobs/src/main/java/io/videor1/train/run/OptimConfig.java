package io.videor1.train.run;

import com.typesafe.config.Config;
import io.videor1.optim.AdamW;
import io.videor1.optim.LossScaler;
import io.videor1.optim.LrSchedule;
import io.videor1.optim.OptimThreads;
import java.io.Serializable;

/**
 * The driver's optimizer settings shared by SFT and T-GRPO: AdamW, the learning-rate schedule over the run's real
 * number of steps (spec §11.13) and global-norm clipping.
 *
 * @param lr the peak learning rate
 * @param schedule the shape after warm-up
 * @param warmupSteps linear warm-up steps from 0
 * @param adam AdamW's betas, epsilon and weight decay
 * @param maxGradNorm global-norm clipping threshold (0 turns clipping off)
 * @param lossScaling the dynamic loss scale of float16 executors (unused in float32)
 * @param threads the driver's threads for the update's loops ({@code optim.threads}; 0: its processors, at most
 *     {@link OptimThreads#AUTO_CAP}); any count gives the same bits, so a resume may change it
 */
public record OptimConfig(double lr, LrSchedule.Kind schedule, int warmupSteps, AdamW.Config adam,
    double maxGradNorm, LossScaler.Config lossScaling, int threads) implements Serializable {

  /**
   * Reads {@code lr, lr_schedule, warmup_steps, weight_decay, adam_beta1, adam_beta2, adam_eps, max_grad_norm} and
   * {@code loss_scale_init, loss_scale_growth, loss_scale_backoff, loss_scale_growth_interval} under {@code job}, and
   * {@code optim.threads}, of a job's resolved file {@code root}.
   */
  public static OptimConfig from(Config root, String job) {
    Config k = root.getConfig(job);
    double lr = k.getDouble("lr");
    require(lr >= 0 && Double.isFinite(lr), job + ".lr must be >= 0 (got " + lr + ")");
    LrSchedule.Kind kind;
    try {
      kind = LrSchedule.Kind.parse(k.getString("lr_schedule"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(job + ".lr_schedule must be constant, linear or cosine (got '"
          + k.getString("lr_schedule") + "')");
    }
    int warmup = k.getInt("warmup_steps");
    require(warmup >= 0, job + ".warmup_steps must be >= 0 (got " + warmup + ")");
    double clip = k.getDouble("max_grad_norm");
    require(clip >= 0, job + ".max_grad_norm must be >= 0 (got " + clip + ")");
    AdamW.Config adam;
    try {
      adam = new AdamW.Config(k.getDouble("adam_beta1"), k.getDouble("adam_beta2"), k.getDouble("adam_eps"),
          k.getDouble("weight_decay"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(job + ".adam_beta1/adam_beta2/adam_eps/weight_decay: " + e.getMessage());
    }
    LossScaler.Config scaling;
    try {
      scaling = new LossScaler.Config(k.getDouble("loss_scale_init"), k.getDouble("loss_scale_growth"),
          k.getDouble("loss_scale_backoff"), k.getInt("loss_scale_growth_interval"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(job + ".loss_scale_init/loss_scale_growth/loss_scale_backoff/"
          + "loss_scale_growth_interval: " + e.getMessage());
    }
    int threads = root.getInt("optim.threads");
    OptimThreads.resolve(threads); // validates
    return new OptimConfig(lr, kind, warmup, adam, clip, scaling, threads);
  }

  /** The update's threads of this driver: {@link #threads}, or its processors up to a cap for 0. */
  public OptimThreads newThreads() {
    return new OptimThreads(OptimThreads.resolve(threads));
  }

  /** The schedule over {@code totalSteps}. */
  public LrSchedule scheduleOver(int totalSteps) {
    if (warmupSteps > totalSteps) {
      throw new IllegalArgumentException("warmup_steps (" + warmupSteps + ") must not exceed steps (" + totalSteps
          + ")");
    }
    return new LrSchedule(schedule, lr, warmupSteps, totalSteps);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
