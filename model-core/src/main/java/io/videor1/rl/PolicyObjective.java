package io.videor1.rl;

/**
 * The GRPO/T-GRPO policy loss on per-token log-probs, with its gradient (spec §5.3).
 *
 * <p>Per valid token t of sequence i, with policy log-prob ℓ, reference log-prob ℓ_ref and advantage A_i:
 *
 * <ul>
 *   <li>ratio r = exp(ℓ − ℓ_old). The reference does one update per rollout and uses ℓ_old = stopgrad(ℓ): r ≡ 1 in
 *       value and ∂r/∂ℓ = 1. Pass {@code oldLogp} = null for that. With old log-probs (more than one update per
 *       rollout) the clipped surrogate min(r·A, clip(r, 1 − ε_low, 1 + ε_high)·A) is used; its gradient is r·A where
 *       the unclipped term is the minimum (ties included, as torch splits them evenly) and 0 where it is clipped;
 *   <li>k3 KL: x = clamp(ℓ_ref − ℓ, −c, c) with c = 10, KL = exp(x) − x − 1 ≥ 0, ∂KL/∂ℓ = 1 − exp(x) inside the clamp
 *       (boundaries included, as torch's clamp) and 0 outside;
 *   <li>loss_t = −(surrogate − β·KL).
 * </ul>
 *
 * <p>The per-token losses are aggregated by {@link AggMode}. A sequence with no valid token contributes 0 (the
 * reference would divide by zero). The gradient is exact for that aggregation, so the model side can check its
 * autograd against it.
 */
public final class PolicyObjective {
  private PolicyObjective() {}

  /**
   * Loss and ∂loss/∂ℓ.
   *
   * @param logp policy log-probs [B][T_i] (rows may be padded)
   * @param refLogp reference-model log-probs, same shape
   * @param oldLogp log-probs of the policy that sampled the rollout, same shape, or null for the reference's single
   *     update (ratio ≡ 1)
   * @param lengths valid completion tokens per sequence [B] (tokens past it are padding), or null for whole rows
   * @param advantages one advantage per sequence [B]
   */
  public static ObjectiveResult compute(double[][] logp, double[][] refLogp, double[][] oldLogp, int[] lengths,
      double[] advantages, RlOptions opts) {
    int b = logp.length;
    validate(logp, refLogp, oldLogp, lengths, advantages);
    double[][] grad = new double[b][];
    double[] seqLoss = new double[b];
    double klSum = 0;
    long tokens = 0;
    long clipped = 0;
    double lo = 1 - opts.clipLow();
    double hi = 1 + opts.clipHigh();
    double c = opts.klClamp();
    for (int i = 0; i < b; i++) {
      int n = lengths == null ? logp[i].length : lengths[i];
      grad[i] = new double[logp[i].length];
      double a = advantages[i];
      double seqKl = 0;
      for (int t = 0; t < n; t++) {
        double l = logp[i][t];
        double surrogate;
        double dSurrogate;
        if (oldLogp == null) {
          surrogate = a;
          dSurrogate = a;
        } else {
          double r = Math.exp(l - oldLogp[i][t]);
          double rClipped = Math.min(Math.max(r, lo), hi);
          double unclippedTerm = r * a;
          double clippedTerm = rClipped * a;
          if (unclippedTerm <= clippedTerm) {
            surrogate = unclippedTerm;
            dSurrogate = unclippedTerm;
          } else {
            surrogate = clippedTerm;
            dSurrogate = 0.0;
            clipped++;
          }
        }
        double x = refLogp[i][t] - l;
        double xc = Math.min(Math.max(x, -c), c);
        double kl = Math.exp(xc) - xc - 1;
        double dKl = (x >= -c && x <= c) ? 1 - Math.exp(xc) : 0.0;
        seqLoss[i] += -(surrogate - opts.beta() * kl);
        grad[i][t] = -dSurrogate + opts.beta() * dKl;
        seqKl += kl;
      }
      tokens += n;
      klSum += n > 0 ? seqKl / n : 0.0;
    }
    double loss = aggregate(seqLoss, grad, lengths, logp, tokens, opts);
    return new ObjectiveResult(loss, grad, b > 0 ? klSum / b : 0.0, tokens > 0 ? (double) clipped / tokens : 0.0);
  }

  /** Scales the per-token sums into the aggregated loss and gradient in place; returns the loss. */
  private static double aggregate(double[] seqLoss, double[][] grad, int[] lengths, double[][] logp, long tokens,
      RlOptions opts) {
    int b = seqLoss.length;
    double loss = 0;
    for (int i = 0; i < b; i++) {
      int n = lengths == null ? logp[i].length : lengths[i];
      double w = switch (opts.aggMode()) {
        case SEQ_MEAN_TOKEN_MEAN -> n > 0 ? 1.0 / ((double) b * n) : 0.0;
        case TOKEN_MEAN -> tokens > 0 ? 1.0 / tokens : 0.0;
        case FIXED_LENGTH -> 1.0 / ((double) b * opts.maxCompletionLength());
      };
      loss += seqLoss[i] * w;
      for (int t = 0; t < n; t++) {
        grad[i][t] *= w;
      }
    }
    return loss;
  }

  private static void validate(double[][] logp, double[][] refLogp, double[][] oldLogp, int[] lengths,
      double[] advantages) {
    int b = logp.length;
    if (refLogp.length != b || advantages.length != b || (oldLogp != null && oldLogp.length != b)
        || (lengths != null && lengths.length != b)) {
      throw new IllegalArgumentException("batch sizes differ: logp " + b + ", refLogp " + refLogp.length
          + ", advantages " + advantages.length);
    }
    for (int i = 0; i < b; i++) {
      int n = lengths == null ? logp[i].length : lengths[i];
      if (n < 0 || n > logp[i].length || n > refLogp[i].length || (oldLogp != null && n > oldLogp[i].length)) {
        throw new IllegalArgumentException("sequence " + i + ": length " + n + " exceeds its log-prob rows");
      }
    }
  }
}
