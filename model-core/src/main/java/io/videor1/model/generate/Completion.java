package io.videor1.model.generate;

/**
 * One generated sample.
 *
 * @param tokenIds generated ids, the stop token included when there was one
 * @param text the ids decoded with special tokens skipped (what the reward functions read)
 * @param logProbs per-token log-probability under the model's untempered distribution (log_softmax of the raw
 *     logits), for diagnostics; equal up to float error to teacher-forced log-probs of the same tokens
 * @param finishReason why generation stopped
 * @param seed the derived seed the sample was drawn with
 */
public record Completion(int[] tokenIds, String text, float[] logProbs, FinishReason finishReason, long seed) {

  /** Why a sample ended. */
  public enum FinishReason {
    /** An EOS or stop token was produced. */
    STOP,
    /** The token budget ran out. */
    LENGTH
  }

  /** Tokens generated. */
  public int length() {
    return tokenIds.length;
  }
}
