package io.videor1.reward;

import java.util.List;

/**
 * The OCR reward (spec §4.2): one minus the word error rate, clipped to [0, 1].
 *
 * <p>Words are Python {@code str.split()} tokens, compared case- and punctuation-sensitively; the error rate is the
 * word-level unit-cost edit distance divided by {@code max(1, #reference words)}. Example: "Hello world foo" against
 * "Hello word foo" has WER 1/3 and reward 0.667. An empty reference and an empty hypothesis give WER 0 and reward 1,
 * as in the reference.
 */
public final class WordErrorRate {
  private WordErrorRate() {}

  /** The word error rate of {@code hypothesis} against {@code reference} (unbounded above). */
  public static double wer(String reference, String hypothesis) {
    List<String> ref = PyText.split(reference);
    List<String> hyp = PyText.split(hypothesis);
    int distance = SequenceDistance.levenshtein(ref, hyp);
    return (double) distance / Math.max(1, ref.size());
  }

  /** The OCR reward: {@code max(0, min(1, 1 − wer))}. */
  public static double reward(String reference, String hypothesis) {
    double r = 1 - wer(reference, hypothesis);
    return Math.max(0.0, Math.min(1.0, r));
  }
}
