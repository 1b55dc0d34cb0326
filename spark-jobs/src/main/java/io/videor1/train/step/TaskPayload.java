package io.videor1.train.step;

import java.io.Serializable;

/**
 * What one Spark task of a training step sends on, one type per kind of record, so the driver dispatches on the type
 * and no tensor name is reserved.
 */
public sealed interface TaskPayload extends Serializable
    permits TaskPayload.Chunk, TaskPayload.Summary, TaskPayload.Handoff {

  /** The task's partition index, which fixes the order of summation. */
  int partition();

  /** One chunk of the task's summed gradient; it travels under its {@link ShardKey}. */
  record Chunk(int partition, float[] values) implements TaskPayload {}

  /** The task's small results (losses, rewards, ledger rows); it travels under the task's {@link StepKey.OfTask}. */
  record Summary(int partition, Serializable results) implements TaskPayload {}

  /**
   * Local mode: the {@link GradientHandoff} slot that holds the task's whole gradient, by reference. It travels under
   * the task's {@link StepKey.OfTask} beside its summary: a step that hands off collects its records without grouping.
   */
  record Handoff(int partition, String slot) implements TaskPayload {}
}
