package io.videor1.model.logprob;

import ai.djl.ndarray.NDManager;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.preprocess.ModelInputs;
import java.util.List;

/**
 * How much each token of a group's completions leant on the order of the frames: two teacher-forced passes of the
 * sampling policy without autograd, one on the prompt with the ordered frames and one on the same prompt with the
 * frames shuffled, and per valid token the gap log π(y_t|ordered) − log π(y_t|shuffled)
 * ({@code train.temporal_mode = likelihood_ratio, key_tokens}; {@link io.videor1.rl.TemporalCredit}).
 *
 * <p>Each pass is {@link GroupObjective#reference}'s, so it takes the trainer's memory settings (micro-batches,
 * length buckets) and costs one prompt encoding plus one forward over the G completions; no token is generated.
 */
public final class OrderGap {
  private OrderGap() {}

  /**
   * The gaps [G][n_i], n_i completion i's valid tokens (up to and including its first EOS).
   *
   * @param ordered the prompt with its frames in order (what the completions were sampled on)
   * @param shuffled the same prompt with the frames permuted
   */
  public static double[][] of(Qwen25VlModel model, NDManager m, ModelInputs ordered, ModelInputs shuffled,
      List<int[]> completions, int eosId, int padId, GroupPass.Options pass, boolean buckets) {
    double[][][] s = sides(model, m, ordered, shuffled, completions, eosId, padId, pass, buckets);
    double[][] out = new double[s[0].length][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new double[s[0][i].length];
      for (int t = 0; t < out[i].length; t++) {
        out[i][t] = s[0][i][t] - s[1][i][t];
      }
    }
    return out;
  }

  /**
   * The two passes' log-probabilities of the valid tokens, [2][G][n_i]: [0] on the ordered frames, [1] on the
   * shuffled ones (for a measurement that reads which side a gap moved on).
   */
  public static double[][][] sides(Qwen25VlModel model, NDManager m, ModelInputs ordered, ModelInputs shuffled,
      List<int[]> completions, int eosId, int padId, GroupPass.Options pass, boolean buckets) {
    float[] a = GroupObjective.reference(model, m, ordered, completions, eosId, padId, pass, buckets); // [G·L]
    float[] b = GroupObjective.reference(model, m, shuffled, completions, eosId, padId, pass, buckets); // [G·L]
    Targets tg = Targets.of(completions, eosId, padId);
    double[][][] out = new double[2][tg.size()][];
    for (int i = 0; i < tg.size(); i++) {
      out[0][i] = new double[tg.lengths()[i]];
      out[1][i] = new double[tg.lengths()[i]];
      for (int t = 0; t < out[0][i].length; t++) {
        int k = i * tg.length() + t;
        out[0][i][t] = a[k];
        out[1][i][t] = b[k];
      }
    }
    return out;
  }
}
