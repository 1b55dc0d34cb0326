package io.videor1.rl;

/**
 * Over which completions the temporal comparison and the length rule's "at least two correct" count are taken.
 */
public enum StatsScope {
  /** Each prompt's group on its own, at any number of prompts per call (the intended semantics; default). */
  PER_GROUP,
  /**
   * The reference code: pooled over every completion of one call. Identical to {@link #PER_GROUP} at the reference's
   * one prompt per device; kept for parity experiments with more (#96, #74, #90).
   */
  PER_BATCH
}
