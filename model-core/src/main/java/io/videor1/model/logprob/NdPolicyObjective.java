package io.videor1.model.logprob;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.videor1.rl.AggMode;
import io.videor1.rl.RlOptions;

/**
 * The T-GRPO policy objective of {@link io.videor1.rl.PolicyObjective} written on NDArrays, so autograd gives the
 * gradient into the model (spec §5.3).
 *
 * <p>Per token: ratio r = exp(ℓ − ℓ_old), with ℓ_old = stopgrad(ℓ) when no old log-probs are given (value 1, gradient
 * of ℓ); surrogate min(r·A, clip(r, 1 − ε_low, 1 + ε_high)·A); k3 KL with x = clamp(ℓ_ref − ℓ, ±c), exp(x) − x − 1;
 * loss_t = −(surrogate − β·KL), masked and aggregated by {@link AggMode}. Values and gradients agree with the pure-Java
 * version to float precision (checked by a test).
 */
public final class NdPolicyObjective {
  private NdPolicyObjective() {}

  /**
   * The loss and its logged statistics.
   *
   * @param loss scalar loss (part of the autograd graph when ℓ is)
   * @param meanKl mean over sequences of each sequence's mean KL
   * @param clipFraction share of valid tokens whose ratio was clipped
   */
  public record Result(NDArray loss, double meanKl, double clipFraction) {}

  /**
   * Computes the objective.
   *
   * @param logp policy log-probs [B, T] (with gradient)
   * @param refLogp reference log-probs [B, T]
   * @param oldLogp sampling-policy log-probs [B, T], or null for the single-update case (ratio ≡ 1)
   * @param mask [B, T] float, 1 on valid tokens
   * @param advantages one per sequence [B]
   */
  public static Result compute(NDArray logp, NDArray refLogp, NDArray oldLogp, NDArray mask, float[] advantages,
      RlOptions opts) {
    return compute(logp, refLogp, oldLogp, mask, perSequence(logp, advantages), opts);
  }

  /**
   * The same with one advantage per token [B·T] row-major (the key-token mode's advantages, 0 on tokens that get
   * none): the surrogate's advantage varies along a completion, the KL term and the aggregation do not change.
   */
  public static Result computeTokens(NDArray logp, NDArray refLogp, NDArray oldLogp, NDArray mask,
      float[] tokenAdvantages, RlOptions opts) {
    return compute(logp, refLogp, oldLogp, mask, logp.getManager().create(tokenAdvantages, logp.getShape()), opts);
  }

  private static Result compute(NDArray logp, NDArray refLogp, NDArray oldLogp, NDArray mask, NDArray a,
      RlOptions opts) {
    NDManager m = logp.getManager();
    long b = logp.getShape().get(0);
    PerToken t = perToken(logp, refLogp, oldLogp, mask, a, opts);
    NDArray tokens = mask.sum(new int[] {1}); // [B]
    NDArray safeTokens = tokens.maximum(1f);
    float totalTokens = tokens.sum().getFloat();
    NDArray loss = switch (opts.aggMode()) {
      case SEQ_MEAN_TOKEN_MEAN -> t.loss().sum(new int[] {1}).div(safeTokens).mean();
      case TOKEN_MEAN -> t.loss().sum().div(m.create(Math.max(totalTokens, 1f)));
      case FIXED_LENGTH -> t.loss().sum().div(m.create((float) b * opts.maxCompletionLength()));
    };
    double meanKl = t.kl().stopGradient().mul(mask).sum(new int[] {1}).div(safeTokens).mean().getFloat();
    return new Result(loss, meanKl, totalTokens > 0 ? t.clipped() / totalTokens : 0.0);
  }

  /** Masked per-token loss [B, T], KL [B, T] and the count of clipped valid tokens, before any aggregation. */
  private record PerToken(NDArray loss, NDArray kl, double clipped) {}

  // The one copy of the per-token maths shared by the whole-group and the part objectives, so that both build the
  // same ops in the same order (their bit-for-bit agreement in GroupPassTest rests on it).
  private static PerToken perToken(NDArray logp, NDArray refLogp, NDArray oldLogp, NDArray mask, NDArray a,
      RlOptions opts) {
    NDManager m = logp.getManager(); // a: [B, 1] per sequence or [B, T] per token
    NDArray surrogate;
    double clipped = 0;
    if (oldLogp == null) {
      surrogate = logp.sub(logp.stopGradient()).exp().mul(a); // [B, T], value A, gradient A·∂ℓ
    } else {
      NDArray r = logp.sub(oldLogp).exp(); // [B, T]
      NDArray unclipped = r.mul(a);
      NDArray clippedTerm = r.clip(1 - opts.clipLow(), 1 + opts.clipHigh()).mul(a);
      surrogate = unclipped.minimum(clippedTerm);
      clipped = unclipped.stopGradient().gt(clippedTerm.stopGradient()).toType(mask.getDataType(), false).mul(mask)
          .sum().getFloat();
    }
    NDArray x = refLogp.sub(logp).clip(-opts.klClamp(), opts.klClamp()); // [B, T]
    NDArray kl = x.exp().sub(x).sub(1); // [B, T]
    NDArray loss = surrogate.sub(kl.mul(m.create(opts.beta()))).neg().mul(mask); // [B, T]
    return new PerToken(loss, kl, clipped);
  }

  /**
   * The sizes of a whole group that each of its parts is normalised by, so that the parts' losses add up to the
   * group's loss (micro-batches of completions, {@link GroupPass}).
   *
   * @param sequences B, the group's completions
   * @param tokens the group's valid tokens (the mask's sum)
   */
  public record Totals(int sequences, float tokens) {
    /** The totals of a group's mask [B·T]. */
    public static Totals of(int sequences, float[] mask) {
      float t = 0;
      for (float x : mask) {
        t += x;
      }
      return new Totals(sequences, t);
    }
  }

  /**
   * The objective of rows of a group, normalised by the whole group's {@code totals}: the parts' losses, mean KLs and
   * clip fractions add up to {@link #compute}'s values of the group (up to float rounding), and so do the gradients.
   */
  public static Result computePart(NDArray logp, NDArray refLogp, NDArray oldLogp, NDArray mask, float[] advantages,
      RlOptions opts, Totals totals) {
    return computePart(logp, refLogp, oldLogp, mask, perSequence(logp, advantages), opts, totals);
  }

  /** {@link #computePart} with one advantage per token of the rows [b·T] ({@link #computeTokens}). */
  public static Result computePartTokens(NDArray logp, NDArray refLogp, NDArray oldLogp, NDArray mask,
      float[] tokenAdvantages, RlOptions opts, Totals totals) {
    return computePart(logp, refLogp, oldLogp, mask, logp.getManager().create(tokenAdvantages, logp.getShape()), opts,
        totals);
  }

  private static Result computePart(NDArray logp, NDArray refLogp, NDArray oldLogp, NDArray mask, NDArray a,
      RlOptions opts, Totals totals) {
    NDManager m = logp.getManager();
    PerToken t = perToken(logp, refLogp, oldLogp, mask, a, opts);
    NDArray safeTokens = mask.sum(new int[] {1}).maximum(1f); // [b]
    NDArray groupSize = m.create((float) totals.sequences());
    NDArray loss = switch (opts.aggMode()) {
      case SEQ_MEAN_TOKEN_MEAN -> t.loss().sum(new int[] {1}).div(safeTokens).sum().div(groupSize);
      case TOKEN_MEAN -> t.loss().sum().div(m.create(Math.max(totals.tokens(), 1f)));
      case FIXED_LENGTH -> t.loss().sum().div(m.create((float) totals.sequences() * opts.maxCompletionLength()));
    };
    double klPart = t.kl().stopGradient().mul(mask).sum(new int[] {1}).div(safeTokens).sum().getFloat()
        / totals.sequences();
    return new Result(loss, klPart, totals.tokens() > 0 ? t.clipped() / totals.tokens() : 0.0);
  }

  /** One advantage per sequence as a [B, 1] column, broadcast along the tokens. */
  private static NDArray perSequence(NDArray logp, float[] advantages) {
    return logp.getManager().create(advantages, new Shape(logp.getShape().get(0), 1)); // [B, 1]
  }
}
