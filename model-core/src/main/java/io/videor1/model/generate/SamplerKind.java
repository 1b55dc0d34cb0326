package io.videor1.model.generate;

/**
 * Which algorithms draw a sampled token and compute its recorded log-prob; both give the same token for the same
 * uniform draw and the same log-prob bits.
 */
public enum SamplerKind {
  /** A few passes over the row and a sort of one small bin, the reference where it cannot prove its result. */
  SELECTION,
  /** The full sort and the exp of every id that every rollout ran before issue #29: the reference, for benchmarks. */
  SORTING
}
