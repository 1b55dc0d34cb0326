package io.videor1.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The selection sampler against the sorting reference: the same token for the same uniform draw on 100,000 random
 * rows of several shapes ({@link RandomRows}), and the same tokens from the same seeded stream; the fast log-prob's
 * bits against the reference's on the same rows.
 */
class TokenSamplerTest {
  private static final int ROWS = 100_000;

  @Test
  void selectionDrawsTheReferencesTokenOnEveryRow() {
    SplittableRandom rnd = new SplittableRandom(29);
    int[] decided = new int[RandomRows.Shape.values().length];
    int[] rows = new int[RandomRows.Shape.values().length];
    long bigDecided = 0;
    long logProbsDecided = 0;
    long big = 0;
    for (int r = 0; r < ROWS; r++) {
      RandomRows.Row row = RandomRows.next(rnd, r);
      double u = RandomRows.uniform(rnd);
      boolean[] suppressed = new boolean[row.vocab()];
      row.params().suppressTokenIds().forEach(id -> suppressed[id] = true);
      int want = SortingSampler.draw(row.logits(), row.off(), row.vocab(), suppressed, row.params(), u);
      SelectionSampler fast = new SelectionSampler(row.params(), suppressed);
      int got = fast.tryDraw(row.logits(), row.off(), row.vocab(), u);
      if (got != SelectionSampler.UNDECIDED) {
        assertEquals(want, got, () -> "row " + row.describe() + ", u=" + u);
      }
      boolean interior = u > 0 && u < 0.999; // u·z at the very top of the kept mass is within any margin
      if (interior) {
        decided[row.shape().ordinal()] += got != SelectionSampler.UNDECIDED ? 1 : 0;
        rows[row.shape().ordinal()]++;
      }
      if (interior && row.vocab() >= 32_000 && row.shape().continuous()) {
        big++;
        bigDecided += got != SelectionSampler.UNDECIDED ? 1 : 0;
      }
      for (int token : new int[] {want, rnd.nextInt(row.vocab())}) {
        float ref = LogProb.reference(row.logits(), row.off(), row.vocab(), token);
        float fastLp = LogProb.tryOf(row.logits(), row.off(), row.vocab(), token);
        if (fastLp == fastLp) {
          assertEquals(Float.floatToIntBits(ref), Float.floatToIntBits(fastLp), () -> "log-prob, row " + row.describe());
          logProbsDecided++;
        }
        assertEquals(Float.floatToIntBits(ref), Float.floatToIntBits(LogProb.of(row.logits(), row.off(), row.vocab(),
            token)));
      }
      int viaFacade = new TokenSampler(row.params(), row.vocab(), SamplerKind.SELECTION).draw(row.logits(), row.off(),
          row.vocab(), u);
      assertEquals(want, viaFacade, () -> "facade, row " + row.describe() + ", u=" + u);
    }
    // the fast path must decide nearly every row of continuous values (a margin bug would show as a mismatch above,
    // an over-cautious margin or a dead fast path here)
    for (RandomRows.Shape s : RandomRows.Shape.values()) {
      assertTrue(rows[s.ordinal()] > 1000, s + " rows: " + rows[s.ordinal()]);
      if (s.continuous()) {
        assertTrue(decided[s.ordinal()] > 0.99 * rows[s.ordinal()], s + ": fast path decided " + decided[s.ordinal()]
            + " of " + rows[s.ordinal()]);
      }
    }
    assertTrue(logProbsDecided > 0.8 * 2 * ROWS, "log-probs decided without the reference: " + logProbsDecided);
    assertTrue(big >= 90 && bigDecided > 0.95 * big, "vocab >= 32000: decided " + bigDecided + " of " + big);
  }

  @Test
  void bothKindsTakeTheSameTokensFromTheSameStream() {
    SplittableRandom rows = new SplittableRandom(7);
    int vocab = 1024; // above TokenSampler.SMALL_VOCAB, where the kinds take different paths
    List<Integer> suppress = List.of(3, 100, 287, 1023);
    SamplingParams[] settings = {SamplingParams.rollout().withSuppressTokenIds(suppress), SamplingParams.eval(),
        new SamplingParams(0.7, 0.9, 20, 8, false, List.of(), List.of())};
    for (SamplingParams p : settings) {
      TokenSampler selection = new TokenSampler(p, vocab, SamplerKind.SELECTION);
      TokenSampler sorting = new TokenSampler(p, vocab, SamplerKind.SORTING);
      SplittableRandom a = new SplittableRandom(11);
      SplittableRandom b = new SplittableRandom(11);
      int[] x = new int[2000];
      int[] y = new int[2000];
      for (int t = 0; t < x.length; t++) {
        float[] logits = new float[vocab];
        for (int i = 0; i < logits.length; i++) {
          logits[i] = (float) (rows.nextGaussian() * 3);
        }
        x[t] = selection.sample(logits, 0, vocab, a);
        y[t] = sorting.sample(logits, 0, vocab, b);
      }
      assertArrayEquals(y, x);
      assertEquals(b.nextLong(), a.nextLong(), "one uniform per token from either");
      assertTrue(selection.fallbacks() < 20, "the selection path decided: " + selection.fallbacks() + " fallbacks");
    }
  }

  @Test
  void negExpStaysWithinItsStatedBound() {
    SplittableRandom rnd = new SplittableRandom(3);
    double worst = 0;
    List<Double> ds = new ArrayList<>(List.of(0.0, -0.0, 1.0 / 128, Math.nextDown(1.0 / 128), 63.99, 64.0));
    for (int i = 0; i < 200_000; i++) {
      ds.add(rnd.nextDouble() * (i % 2 == 0 ? 64 : 0.05));
    }
    for (double d : ds) {
      double want = Math.exp(-d);
      worst = Math.max(worst, Math.abs(NegExp.of(d) - want) / want);
    }
    assertTrue(worst <= NegExp.ERROR_UNITS * 0x1p-53, "worst relative error " + worst / 0x1p-53 + " units");
  }
}
