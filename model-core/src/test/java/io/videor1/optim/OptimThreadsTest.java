package io.videor1.optim;

import static io.videor1.optim.OptimThreads.CHUNK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The update's loops on 1, 2 and 3 threads: the same bits, on tensors of sizes that end mid-chunk, on a chunk's edge,
 * empty, and over several chunks.
 */
class OptimThreadsTest {
  private static final int[] SIZES = {7, 0, CHUNK - 1, 1, 10, CHUNK, CHUNK + 1, 3 * CHUNK + 12_345, 2 * CHUNK};

  /** Parameters, gradients per step and moments of every tensor. */
  private record Run(List<float[]> params, List<List<float[]>> grads, List<AdamW.State> states) {
    static Run seeded(long seed, int steps) {
      Random r = new Random(seed);
      List<float[]> p = new ArrayList<>();
      List<AdamW.State> s = new ArrayList<>();
      for (int n : SIZES) {
        p.add(randoms(r, n, 1f));
        s.add(new AdamW.State(n));
      }
      List<List<float[]>> g = new ArrayList<>();
      for (int t = 0; t < steps; t++) {
        List<float[]> step = new ArrayList<>();
        for (int n : SIZES) {
          step.add(randoms(r, n, 1e-3f));
        }
        g.add(step);
      }
      return new Run(p, g, s);
    }
  }

  @Test
  void adamWAndTheNormGiveTheSameBitsOnAnyThreadCount() {
    AdamW.Config c = new AdamW.Config(0.9, 0.999, 1e-8, 0.01);
    List<Run> runs = new ArrayList<>();
    List<double[]> norms = new ArrayList<>();
    for (int threads = 1; threads <= 3; threads++) {
      Run run = Run.seeded(42, 3);
      double[] n = new double[3];
      try (OptimThreads t = new OptimThreads(threads)) {
        for (int step = 1; step <= 3; step++) {
          List<float[]> g = run.grads().get(step - 1);
          n[step - 1] = GradClip.clip(g, 0.5, t);
          AdamW.step(run.params(), g, run.states(), step, 1e-3, c, t);
        }
      }
      runs.add(run);
      norms.add(n);
    }
    for (int k = 1; k < runs.size(); k++) {
      for (int step = 0; step < 3; step++) {
        assertEquals(Double.doubleToRawLongBits(norms.get(0)[step]), Double.doubleToRawLongBits(norms.get(k)[step]),
            (k + 1) + " threads, step " + (step + 1) + ": norm");
      }
      for (int i = 0; i < SIZES.length; i++) {
        String what = (k + 1) + " threads, tensor of " + SIZES[i];
        assertArrayEquals(runs.get(0).params().get(i), runs.get(k).params().get(i), what + ": params");
        assertArrayEquals(runs.get(0).states().get(i).m, runs.get(k).states().get(i).m, what + ": m");
        assertArrayEquals(runs.get(0).states().get(i).v, runs.get(k).states().get(i).v, what + ": v");
        assertArrayEquals(runs.get(0).grads().get(2).get(i), runs.get(k).grads().get(2).get(i), what + ": clipped");
      }
    }
    assertTrue(norms.get(0)[0] > 0.5, "the norm is above the threshold, so clipping scaled: " + norms.get(0)[0]);
  }

  @Test
  void theThreadedStepIsTheSingleTensorStepElementForElement() {
    AdamW.Config c = AdamW.Config.videoR1();
    Run a = Run.seeded(7, 2);
    Run b = Run.seeded(7, 2);
    try (OptimThreads t = new OptimThreads(3)) {
      for (int step = 1; step <= 2; step++) {
        AdamW.step(a.params(), a.grads().get(step - 1), a.states(), step, 1e-3, c, t);
        for (int i = 0; i < SIZES.length; i++) {
          AdamW.step(b.params().get(i), b.grads().get(step - 1).get(i), b.states().get(i), step, 1e-3, c);
        }
      }
    }
    for (int i = 0; i < SIZES.length; i++) {
      assertArrayEquals(b.params().get(i), a.params().get(i), "tensor of " + SIZES[i]);
      assertArrayEquals(b.states().get(i).v, a.states().get(i).v, "tensor of " + SIZES[i]);
    }
  }

  @Test
  void theNormAddsChunkPartialsInOrder() {
    // sizes 7, 10, CHUNK - 1 and CHUNK + 1 leave 3, 2, 3 and 1 elements after the last round of four
    List<float[]> g = Run.seeded(3, 1).grads().get(0);
    double sum = 0;
    for (float[] x : g) {
      for (int from = 0; from < x.length; from += CHUNK) {
        double[] lane = new double[4]; // element i into lane (i - from) mod 4, the lanes added pairwise
        for (int i = from; i < Math.min(x.length, from + CHUNK); i++) {
          lane[(i - from) % 4] += (double) x[i] * x[i];
        }
        sum += (lane[0] + lane[1]) + (lane[2] + lane[3]);
      }
    }
    assertEquals(Math.sqrt(sum), GradClip.globalNorm(g), 0.0);
    try (OptimThreads t = new OptimThreads(2)) {
      assertEquals(Math.sqrt(sum), GradClip.globalNorm(g, t), 0.0);
    }
    assertEquals(0.0, GradClip.globalNorm(List.of(new float[0])), 0.0);
  }

  @Test
  void theSettingIsZeroForTheProcessorsOrACount() {
    assertThrows(IllegalArgumentException.class, () -> OptimThreads.resolve(-1));
    assertThrows(IllegalArgumentException.class, () -> OptimThreads.resolve(1025));
    assertThrows(IllegalArgumentException.class, () -> new OptimThreads(0));
    int auto = OptimThreads.resolve(0);
    assertTrue(auto >= 1 && auto <= OptimThreads.AUTO_CAP, "0 resolves to " + auto);
    assertEquals(3, OptimThreads.resolve(3));
  }

  @Test
  void aFailingChunkReachesTheCaller() {
    try (OptimThreads t = new OptimThreads(2)) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> t.forEachChunk(new int[] {64 * CHUNK}, (tensor, from, to) -> {
            if (from == 5 * CHUNK) {
              throw new IllegalStateException("chunk 5");
            }
          }));
      assertEquals("chunk 5", e.getMessage());
    }
  }

  private static float[] randoms(Random r, int n, float scale) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian() * scale;
    }
    return a;
  }
}
