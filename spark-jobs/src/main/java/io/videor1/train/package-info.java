/**
 * Distributed training on Spark: the SFT cold start ({@link io.videor1.train.SftTrainer}) and the T-GRPO loop
 * ({@link io.videor1.train.TGrpoTrainer}) with their configuration records, the executor tasks (rollouts, rewards,
 * advantages and gradients per prompt group), weight broadcasts, gradients summed in shards, atomic checkpoints with
 * optimizer state, the rollout ledger, metrics.jsonl and exact resumption.
 */
package io.videor1.train;
