/**
 * The distributed training machinery shared by SFT and T-GRPO: gradients summed on executors in shards, checkpoints
 * written atomically to any Hadoop FileSystem, and the rollout ledger.
 */
package io.videor1.train;
