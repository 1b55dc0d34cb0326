package io.videor1.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The scale's trajectory as torch.amp.GradScaler.update computes it (amp_update_scale_cuda_kernel). */
class LossScalerTest {
  @Test
  void backsOffOnOverflowAndGrowsAfterTheIntervalOfCleanSteps() {
    LossScaler s = LossScaler.start(new LossScaler.Config(65536.0, 2.0, 0.5, 3));
    assertEquals(65536f, s.scale());
    assertEquals(1f / 65536f, s.inverse());
    s = s.next(true);
    assertEquals(32768f, s.scale());
    assertEquals(0, s.growthTracker());
    s = s.next(false).next(false);
    assertEquals(32768f, s.scale(), "two clean steps of three");
    assertEquals(2, s.growthTracker());
    s = s.next(false);
    assertEquals(65536f, s.scale(), "the third clean step doubles it");
    assertEquals(0, s.growthTracker());
    s = s.next(false).next(true);
    assertEquals(32768f, s.scale(), "an overflow resets the count");
    assertEquals(0, s.growthTracker());
  }

  @Test
  void neverGrowsToInfinity() {
    LossScaler s = LossScaler.start(new LossScaler.Config(Math.scalb(1.0, 127), 2.0, 0.5, 1));
    assertEquals(Math.scalb(1f, 127), s.next(false).scale(), "2^128 is not a float: the scale stays");
  }

  @Test
  void defaultsAreGradScalers() {
    assertEquals(new LossScaler.Config(65536.0, 2.0, 0.5, 2000), LossScaler.Config.pytorch());
    assertThrows(IllegalArgumentException.class, () -> new LossScaler.Config(0, 2, 0.5, 10));
    assertThrows(IllegalArgumentException.class, () -> new LossScaler.Config(1e39, 2, 0.5, 10));
    assertThrows(IllegalArgumentException.class, () -> new LossScaler.Config(1, 2, 1.5, 10));
  }
}
