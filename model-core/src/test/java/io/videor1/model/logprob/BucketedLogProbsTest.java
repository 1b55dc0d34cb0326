package io.videor1.model.logprob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.videor1.model.TinyCheckpoints;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.preprocess.ModelInputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The teacher-forced pass in length buckets against the padded pass: the same mask and lengths, and the log-probs the
 * mask keeps within fp32 rounding; and the split itself (every completion once, fewer positions than padding).
 */
class BucketedLogProbsTest {
  @Test
  void bucketedLogProbsEqualPaddedOnesWithinRounding(@TempDir Path dir) throws Exception {
    try (VisionLanguageModel vlm = TinyCheckpoints.tiny(dir, 21)) {
      ModelInputs in = TinyCheckpoints.videoPrompt(vlm);
      SplittableRandom r = new SplittableRandom(5);
      // lengths spread 1..60, two completions ending at an EOS before their last token (the mask stops there)
      int[] lens = {60, 3, 41, 1, 58, 17, 30, 9};
      List<int[]> completions = new ArrayList<>();
      for (int len : lens) {
        completions.add(IntStream.range(0, len).map(i -> 10 + r.nextInt(200)).toArray());
      }
      completions.get(0)[20] = vlm.eosId();
      completions.get(6)[4] = vlm.eosId();
      try (NDManager m = vlm.newManager()) {
        TokenLogProbs.Result padded = TokenLogProbs.compute(vlm.model(), m, in, completions, vlm.eosId(), 0, false);
        TokenLogProbs.Result bucketed = TokenLogProbs.compute(vlm.model(), m, in, completions, vlm.eosId(), 0, false,
            true);
        assertArrayEquals(padded.lengths(), bucketed.lengths());
        assertEquals(21, padded.lengths()[0]);
        assertArrayEquals(padded.logp().getShape().getShape(), bucketed.logp().getShape().getShape());
        assertArrayEquals(padded.mask().toFloatArray(), bucketed.mask().toFloatArray());
        float[] mask = padded.mask().toFloatArray();
        float[] a = padded.logp().toFloatArray();
        float[] b = bucketed.logp().toFloatArray();
        double worst = 0;
        int kept = 0;
        for (int i = 0; i < a.length; i++) {
          if (mask[i] > 0) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
            kept++;
          }
        }
        assertEquals(Arrays.stream(padded.lengths()).sum(), kept);
        assertTrue(worst < 1e-5, "max |bucketed - padded| over kept positions " + worst);
      }
    }
  }

  @Test
  void bucketsCoverEveryCompletionOnceAndSplitWideSpreads() {
    int[] spread = {768, 50, 400, 120, 700, 260, 90, 550};
    List<int[]> b = LengthBuckets.plan(spread, LengthBuckets.PASS_COST);
    int[] seen = b.stream().flatMapToInt(Arrays::stream).sorted().toArray();
    assertArrayEquals(IntStream.range(0, spread.length).toArray(), seen);
    for (int[] bucket : b) {
      for (int i = 1; i < bucket.length; i++) {
        assertTrue(spread[bucket[i - 1]] >= spread[bucket[i]], "longest first within a bucket");
      }
    }
    assertTrue(b.size() > 1);
    long padded = 8L * 768;
    assertTrue(LengthBuckets.positions(b, spread) + b.size() * LengthBuckets.PASS_COST < padded,
        LengthBuckets.positions(b, spread) + " positions against " + padded);
    assertEquals(1, LengthBuckets.plan(new int[] {100, 100, 99, 100}, LengthBuckets.PASS_COST).size(),
        "near-equal lengths stay in one pass");
    assertEquals(List.of(0), Arrays.stream(LengthBuckets.plan(new int[] {5}, 64).get(0)).boxed().toList());
  }
}
