package io.videor1.train.step;

import java.io.Serializable;

/**
 * The key a training task's record travels under: a gradient chunk's {@link ShardKey}, or {@link OfTask} for what a
 * task sends once (its summary, or its handoff slot). Chunks of one key from every task are added together; a task's
 * own key is unique to it, so its record passes any grouping alone.
 */
public sealed interface StepKey extends Serializable permits ShardKey, StepKey.OfTask {

  /** The key of one task's own record. */
  record OfTask(int partition) implements StepKey {}
}
