package io.videor1.model.generate;

/** Which algorithm draws a sampled token; both give the same token for the same uniform draw. */
public enum SamplerKind {
  /** A few passes over the row and a sort of one small bin, the reference where it cannot prove its token. */
  SELECTION,
  /** The full sort of the row every rollout drew with before issue #29: the reference, kept for benchmarks. */
  SORTING
}
