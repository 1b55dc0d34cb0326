package io.videor1.bench;

import ai.djl.ndarray.NDManager;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.logprob.TokenLogProbs;
import io.videor1.model.preprocess.ModelInputs;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The teacher-forced log-prob pass of one group with a realistic spread of completion lengths, every completion padded
 * to the longest (as training runs by default) against completions in length buckets ({@code train.logprob_buckets}).
 *
 * <p>Forward only, without autograd (the reference pass's shape; the policy pass adds its backward to both). Tokens/s
 * counts the completions' real tokens, so padding is time spent, not tokens gained. The two run interleaved, repeat by
 * repeat; the figures are medians, with the largest |difference| of their kept log-probs.
 */
final class LogProbTiming {
  /** Tokens/s of the padded and the bucketed pass, and their largest |log-prob difference| where the mask keeps. */
  record Result(double padded, double bucketed, double maxDiff, int[] lengths) {}

  private LogProbTiming() {}

  /** G completions with lengths spread evenly over [shortest, longest], random ids below the EOS. */
  static Result measure(VisionLanguageModel vlm, ModelInputs prompt, int g, int shortest, int longest, int repeats) {
    SplittableRandom r = new SplittableRandom(11);
    List<int[]> completions = new ArrayList<>();
    int[] lengths = new int[g];
    long tokens = 0;
    for (int i = 0; i < g; i++) {
      lengths[i] = g == 1 ? longest : shortest + (int) ((long) (longest - shortest) * i / (g - 1));
      int[] c = new int[lengths[i]];
      for (int t = 0; t < c.length; t++) {
        c[t] = r.nextInt(Math.min(vlm.eosId(), 256)); // never the EOS: every token is kept
      }
      completions.add(c);
      tokens += c.length;
    }
    List<Double> padded = new ArrayList<>();
    List<Double> bucketed = new ArrayList<>();
    double maxDiff = 0;
    for (int rep = 0; rep < repeats; rep++) {
      float[][] lp = new float[2][];
      for (int k = 0; k < 2; k++) {
        try (NDManager m = vlm.newManager()) {
          long t0 = System.nanoTime();
          TokenLogProbs.Result res = vlm.logProbs(m, prompt, completions, false, k == 1);
          lp[k] = res.logp().toFloatArray();
          double sec = (System.nanoTime() - t0) / 1e9;
          (k == 0 ? padded : bucketed).add(tokens / sec);
          float[] mask = res.mask().toFloatArray();
          for (int i = 0; k == 1 && i < mask.length; i++) {
            if (mask[i] > 0) {
              maxDiff = Math.max(maxDiff, Math.abs(lp[0][i] - lp[1][i]));
            }
          }
        }
      }
    }
    return new Result(Stats.median(padded), Stats.median(bucketed), maxDiff, lengths);
  }
}
