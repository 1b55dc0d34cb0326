package io.videor1.rl;

/**
 * How per-token policy losses are aggregated into one scalar (see {@link PolicyObjective}).
 *
 * <p>With B sequences, valid-token counts n_i and per-token losses l_it, the modes are:
 */
public enum AggMode {
  /** The reference (and TRL's GRPO): mean over sequences of each sequence's token mean, (1/B) Σ_i (Σ_t l_it / n_i). */
  SEQ_MEAN_TOKEN_MEAN,
  /** DAPO: one mean over all valid tokens of the batch, Σ_it l_it / Σ_i n_i, so long sequences weigh more. */
  TOKEN_MEAN,
  /** Dr. GRPO: a fixed normaliser, Σ_it l_it / (B · L_max) with L_max the configured maximum completion length. */
  FIXED_LENGTH
}
