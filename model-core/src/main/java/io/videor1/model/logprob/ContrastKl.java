package io.videor1.model.logprob;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The order term of {@code train.temporal_mode = contrast_kl}: minus γ times the mean-token KL between the policy on
 * the ordered and on the shuffled frames, on a group's correct completions, both passes with autograd (PAPO's
 * implicit perception loss, with a frame shuffle as the mask).
 *
 * <p>The completions were sampled on the ordered frames, so with x_t = clamp(ℓ_shuf,t − ℓ_ord,t, ±c) the k3 estimate
 * exp(x) − x − 1 has expectation KL(π(·|ordered) ‖ π(·|shuffled)) per token (the estimator of the reference KL in
 * {@link NdPolicyObjective}). Subtracting it from the loss rewards a policy whose correct answer depends on the order.
 *
 * <p>The entropy guard: the divergence can also be bought by flattening π(·|shuffled) (raising its entropy) instead of
 * moving its mass to another answer, which PAPO counters with an entropy penalty. Here a completion leaves the term
 * once its mean negative log-prob on the shuffled frames exceeds {@code guard} nats per token: its shuffled
 * distribution has already lost that answer, and pushing further could only spread it. The guard reads the sampled
 * tokens only, so it needs no pass over the vocabulary.
 *
 * <p>The estimator ({@code train.contrast_estimator}): k3 has the KL's value in expectation, but its gradient at a
 * token is (exp(x) − 1)·∇x, which vanishes where the two passes agree: at the start of RL, where the order has not yet
 * been learned, the term barely moves the update (the one-step test measured contrast_kl's gradient at a cosine of
 * 0.9999 with GRPO's). k1, −x = log π(y|ordered) − log π(y|shuffled), has the same expectation (the KL, as y is sampled
 * on the ordered frames) and a gradient ∇(ℓ_ord − ℓ_shuf) of full size wherever the passes agree: it raises the
 * correct answer's likelihood with the true order and lowers it without, the gap the one-step test reads. The entropy
 * guard bounds it the same way (a completion whose shuffled likelihood is already gone leaves the term).
 *
 * <p>Normalised as the policy loss of {@code seq_mean_token_mean}: each kept completion's token mean, summed and
 * divided by the group's G, so γ weighs against a GRPO loss of the same scale.
 */
public final class ContrastKl {
  private ContrastKl() {}

  /**
   * The term and what it measured.
   *
   * @param loss the scalar to add to the group's loss (with autograd through both passes)
   * @param perCompletion each correct completion's mean KL estimate (guarded or not), NaN for the others
   * @param kept completions in the term after the guard
   */
  public record Result(NDArray loss, double[] perCompletion, int kept) {}

  /**
   * @param ordered log-probs [G, L] on the ordered frames (with autograd)
   * @param shuffled log-probs [G, L] of the same tokens on the shuffled frames (with autograd)
   * @param mask [G, L] 1 on valid tokens
   * @param rows the completions the term is for (the correct ones)
   * @param gamma γ
   * @param guard the entropy guard, nats per token
   * @param clamp c, the log-ratio clamp
   * @param linear the k1 estimator (−x) instead of k3
   */
  public static Result compute(NDArray ordered, NDArray shuffled, NDArray mask, boolean[] rows, double gamma,
      double guard, double clamp, boolean linear) {
    NDManager m = ordered.getManager();
    int g = (int) ordered.getShape().get(0);
    if (rows.length != g) {
      throw new IllegalArgumentException(rows.length + " contrast rows for a group of " + g);
    }
    NDArray x = shuffled.sub(ordered).clip(-clamp, clamp); // [G, L]
    NDArray kl = linear ? x.neg() : x.exp().sub(x).sub(1); // [G, L] k1 or k3
    NDArray tokens = mask.sum(new int[] {1}).maximum(1f); // [G]
    NDArray perSeq = kl.mul(mask).sum(new int[] {1}).div(tokens); // [G]
    float[] nll = shuffled.stopGradient().mul(mask).sum(new int[] {1}).div(tokens).neg().toFloatArray(); // [G]
    float[] value = perSeq.stopGradient().toFloatArray();
    float[] keep = new float[g];
    double[] per = new double[g];
    Arrays.fill(per, Double.NaN);
    int kept = 0;
    for (int i = 0; i < g; i++) {
      if (rows[i]) {
        per[i] = value[i];
        if (nll[i] <= guard) {
          keep[i] = 1f;
          kept++;
        }
      }
    }
    NDArray loss = perSeq.mul(m.create(keep, new Shape(g))).sum().mul(m.create((float) (-gamma / g)));
    return new Result(loss, per, kept);
  }
}
