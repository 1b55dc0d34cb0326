package io.videor1.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** AdamW, schedules and clipping against values worked by hand from PyTorch's and Hugging Face's formulas. */
class OptimTest {
  @Test
  void firstAdamWStepMovesEachWeightByAboutLr() {
    // Step 1: m = 0.1 g, v = 0.001 g^2, m̂ = g, v̂ = g^2, so the update is lr·g/(|g| + eps) = ±lr (plus decay).
    float[] p = {1.0f, -2.0f, 0.5f};
    float[] g = {0.3f, -4.0f, 0.0f};
    AdamW.State s = new AdamW.State(3);
    AdamW.Config c = new AdamW.Config(0.9, 0.999, 1e-8, 0.01);
    AdamW.step(p, g, s, 1, 0.1, c);
    assertEquals(1.0 * (1 - 0.001) - 0.1, p[0], 1e-6);
    assertEquals(-2.0 * (1 - 0.001) + 0.1, p[1], 1e-6);
    assertEquals(0.5 * (1 - 0.001), p[2], 1e-7); // zero gradient: only the decay
    assertEquals(0.03f, s.m[0], 1e-7);
    assertEquals(0.001 * 0.09, s.v[0], 1e-9);
  }

  @Test
  void secondAdamWStepUsesBiasCorrection() {
    float[] p = {0.0f};
    AdamW.State s = new AdamW.State(1);
    AdamW.Config c = new AdamW.Config(0.9, 0.999, 1e-8, 0.0);
    AdamW.step(p, new float[] {1.0f}, s, 1, 0.01, c);
    AdamW.step(p, new float[] {-1.0f}, s, 2, 0.01, c);
    // m = 0.9*0.1 - 0.1 = -0.01; v = 0.999*0.001 + 0.001 = 0.001999
    // update = 0.01/(1-0.81) * -0.01 / (sqrt(0.001999)/sqrt(1-0.998001) + 1e-8)
    double expected = -0.01 - 0.01 / 0.19 * -0.01 / (Math.sqrt(0.001999) / Math.sqrt(0.001999) + 1e-8);
    assertEquals(expected, p[0], 1e-6);
  }

  @Test
  void schedulesFollowHuggingFace() {
    LrSchedule cos = new LrSchedule(LrSchedule.Kind.COSINE, 1e-6, 10, 110);
    assertEquals(0.0, cos.lr(1), 0.0); // the first step of warm-up runs at lr 0, as HF's LambdaLR does
    assertEquals(0.5e-6, cos.lr(6), 1e-18);
    assertEquals(1e-6, cos.lr(11), 1e-18);
    assertEquals(0.5e-6, cos.lr(61), 1e-15); // half-way through the cosine
    assertEquals(0.0, cos.lr(111), 1e-18);
    LrSchedule lin = new LrSchedule(LrSchedule.Kind.LINEAR, 2.0, 0, 4);
    assertEquals(2.0, lin.lr(1), 0.0);
    assertEquals(1.0, lin.lr(3), 1e-12);
    assertEquals(2.0, new LrSchedule(LrSchedule.Kind.CONSTANT, 2.0, 0, 4).lr(4), 0.0);
    assertThrows(IllegalArgumentException.class, () -> LrSchedule.Kind.parse("step"));
    assertThrows(IllegalArgumentException.class, () -> new LrSchedule(LrSchedule.Kind.COSINE, 1, 5, 4));
  }

  @Test
  void clippingScalesToTheMaxNormOnlyWhenAbove() {
    float[] a = {3f, 0f};
    float[] b = {0f, 4f};
    double norm = GradClip.clip(List.of(a, b), 1.0);
    assertEquals(5.0, norm, 1e-12);
    assertEquals(1.0, GradClip.globalNorm(List.of(a, b)), 1e-5);
    float[] small = {0.3f, 0.4f};
    GradClip.clip(List.of(small), 5.0);
    assertEquals(0.3f, small[0], 0f);
  }
}
