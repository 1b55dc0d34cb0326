/**
 * What a training run keeps on the driver, shared by SFT and T-GRPO ({@link io.videor1.train.run.RunContext}): the
 * run options and model spec, what the driver holds of the policy ({@link io.videor1.train.run.DriverPolicy}: the
 * model with full weights, only the adapters under LoRA), the trainable state and its AdamW update, atomic checkpoints
 * with optimizer state and exact resumption, run.json, metrics.jsonl and the progress line, the policy replica each
 * JVM keeps, the seeded prompt sampler, the GPU resource profile of the model tasks, and the launch of a step's Spark
 * job.
 */
package io.videor1.train.run;
