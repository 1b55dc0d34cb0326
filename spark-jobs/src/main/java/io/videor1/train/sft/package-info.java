/**
 * The SFT cold start ({@link io.videor1.train.sft.SftTrainer}) and its configuration: CoT records as teacher-forced
 * examples ({@link io.videor1.train.sft.SftExample}), their loss's gradient on executors
 * ({@link io.videor1.train.sft.SftGradientTask}), the same driver update and checkpoints as T-GRPO.
 */
package io.videor1.train.sft;
