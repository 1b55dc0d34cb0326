/**
 * Teacher-forced per-token log-probs of completion groups (with autograd for the policy, without for the reference)
 * and the T-GRPO objective written on NDArrays, equal to {@link io.videor1.rl.PolicyObjective}.
 */
package io.videor1.model.logprob;
