package io.videor1.rl;

/**
 * The value of the policy objective and its gradient with respect to each policy log-prob.
 *
 * @param loss the aggregated loss
 * @param gradLogp ∂loss/∂ℓ_it, shaped like the log-prob input [B][T_i]; 0 at padding positions
 * @param meanKl mean over sequences of each sequence's mean k3 KL (the reference's logged {@code kl})
 * @param clipFraction share of valid tokens whose ratio was clipped (0 without old log-probs)
 */
public record ObjectiveResult(double loss, double[][] gradLogp, double meanKl, double clipFraction) {}
