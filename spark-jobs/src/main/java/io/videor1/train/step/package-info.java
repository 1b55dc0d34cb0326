/**
 * What crosses between the driver and the tasks in a training step: the weights out
 * ({@link io.videor1.train.step.WeightBroadcaster}), and the gradients back as typed records
 * ({@link io.videor1.train.step.TaskPayload} under a {@link io.videor1.train.step.StepKey}), summed in partition order
 * whichever way they travel: collected, shuffled by shard, or handed over by reference in local mode
 * ({@link io.videor1.train.step.GradientAggregator}). It knows nothing of the loops that use it.
 */
package io.videor1.train.step;
