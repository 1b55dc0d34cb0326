/**
 * Teacher-forced per-token log-probs of completion groups (with autograd for the policy, without for the reference)
 * (padded to the group's longest, or in length buckets, {@link io.videor1.model.logprob.LengthBuckets}) and the T-GRPO
 * objective written on NDArrays, equal to {@link io.videor1.rl.PolicyObjective}.
 */
package io.videor1.model.logprob;
