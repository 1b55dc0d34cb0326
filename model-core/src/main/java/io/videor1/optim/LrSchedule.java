package io.videor1.optim;

import java.io.Serializable;
import java.util.Locale;

/**
 * Learning-rate schedules as Hugging Face's {@code get_*_schedule_with_warmup} define them: linear warm-up from 0, then
 * constant, linear decay to 0, or half a cosine to 0, over {@code totalSteps}.
 *
 * <p>Video-R1 scheduled over a whole nominal epoch while stopping at about 1k steps (spec §11.13); here the horizon is
 * the run's real number of steps.
 */
public record LrSchedule(Kind kind, double peakLr, int warmupSteps, int totalSteps) implements Serializable {
  /** The shape after warm-up. */
  public enum Kind {
    CONSTANT,
    LINEAR,
    COSINE;

    public static Kind parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("schedule must be constant, linear or cosine, got '" + s + "'");
      }
    }
  }

  public LrSchedule {
    if (!(peakLr >= 0) || warmupSteps < 0 || totalSteps < 1 || warmupSteps > totalSteps) {
      throw new IllegalArgumentException(
          "need lr >= 0 and 0 <= warmup <= total >= 1, got " + peakLr + ", " + warmupSteps + ", " + totalSteps);
    }
  }

  /** The rate used by optimizer step {@code step} (1-based, as the scheduler's count before it steps is step − 1). */
  public double lr(int step) {
    int s = step - 1; // HF's LambdaLR evaluates the lambda at the number of steps already taken
    if (s < warmupSteps) {
      return peakLr * s / Math.max(1, warmupSteps);
    }
    double progress = (double) (s - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
    return switch (kind) {
      case CONSTANT -> peakLr;
      case LINEAR -> peakLr * Math.max(0.0, 1 - progress);
      case COSINE -> peakLr * Math.max(0.0, 0.5 * (1 + Math.cos(Math.PI * progress)));
    };
  }
}
