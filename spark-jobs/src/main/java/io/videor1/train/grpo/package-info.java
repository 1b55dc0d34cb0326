/**
 * The T-GRPO loop ({@link io.videor1.train.grpo.TGrpoTrainer}) and its configuration: each step an executor task
 * ({@link io.videor1.train.grpo.RolloutTask}) rolls out G completions on the ordered frames and G/2 on shuffled ones,
 * scores them, computes the group's advantages with the temporal bonus (or another {@code train.temporal_mode}'s
 * credit, some of which score the ordered completions on shuffled frames instead) and the gradient of its prompts
 * ({@link io.videor1.train.grpo.GroupScoring}); the driver logs the step ({@link io.videor1.train.grpo.StepLog}) and
 * writes the rollout ledger ({@link io.videor1.train.grpo.RolloutLedger}) while the next step rolls out.
 */
package io.videor1.train.grpo;
