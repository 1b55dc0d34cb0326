/**
 * Teacher-forced per-token log-probs of completion groups (with autograd for the policy, without for the reference)
 * (padded to the group's longest, or in length buckets, {@link io.videor1.model.logprob.LengthBuckets}) and the T-GRPO
 * objective written on NDArrays, equal to {@link io.videor1.rl.PolicyObjective}.
 *
 * <p>{@link io.videor1.model.logprob.TokenLogProbs} is the plain pass: the whole group in one batch, every
 * activation kept until the caller's manager closes. {@link io.videor1.model.logprob.GroupPass} bounds activation
 * memory by settings instead of by the group's size (micro-batches of completions over a prompt encoded once, and
 * per-layer recomputation in backward), with the plain pass's gradients up to float rounding;
 * {@link io.videor1.model.logprob.GroupObjective} picks between the two as the trainer asks, with one advantage per
 * completion or, for the key-token temporal mode, per token. {@link io.videor1.model.logprob.OrderGap} is the temporal
 * modes' pass: each token's log-prob on the ordered frames minus that on the shuffled ones.
 */
package io.videor1.model.logprob;
