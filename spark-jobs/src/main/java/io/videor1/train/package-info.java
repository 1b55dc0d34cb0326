/**
 * Distributed training on Spark, one sub-package per job of the loop:
 * <ul>
 *   <li>{@link io.videor1.train.grpo}: the T-GRPO loop, its executor task, group scoring and the rollout ledger;
 *   <li>{@link io.videor1.train.sft}: the SFT cold start and its gradient task;
 *   <li>{@link io.videor1.train.run}: what both loops share on the driver: the run directory, checkpoints, run.json,
 *       metrics, the policy replica, the prompt sampler and the step job's launch;
 *   <li>{@link io.videor1.train.step}: weights out to the tasks and gradients back, typed and summed in a fixed order;
 *   <li>{@link io.videor1.train.data}: the training records read from the frames table and CoT files, and their
 *       frames on executors.
 * </ul>
 * The question a model sees is built in {@link io.videor1.prompt}, shared with evaluation, the MLlib model and the
 * demo. Dependencies point one way: grpo and sft use run, step and data; run uses step; step uses none of them.
 */
package io.videor1.train;
