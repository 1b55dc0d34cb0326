/**
 * T-GRPO's reinforcement-learning maths (spec §4.4–§5.3): the temporal and length shaping of group rewards,
 * group-relative advantages, the policy objective with the k3 KL penalty and its exact gradient, dynamic sampling and
 * per-step metrics; and the credit of the other temporal modes ({@link io.videor1.rl.TemporalMode},
 * {@link io.videor1.rl.TemporalCredit}), which makes the order signal differ between the responses of one prompt.
 *
 * <p>Pure Java on arrays and records (no tensors): the model side computes per-token log-probs, hands them over as
 * arrays, and can check its autograd against {@link io.videor1.rl.PolicyObjective}'s gradient. Defaults are the
 * reference code's values ({@link io.videor1.rl.RlOptions#defaults()}); every departure from the reference is a
 * named option there.
 */
package io.videor1.rl;
