package io.videor1.rl;

import java.util.Locale;

/**
 * What T-GRPO's temporal objective does with the order of the frames ({@code train.temporal_mode}; issue 30).
 *
 * <p>The published objective ({@link #REFERENCE}) adds one bonus per (prompt, correctness), which under the group's
 * std normalisation leaves GRPO's advantages as they were and without it only weights prompts: it never changes which
 * response of a prompt the update favours. The other modes either make the signal vary between the responses of one
 * prompt ({@link #LIKELIHOOD_RATIO}, {@link #KEY_TOKENS}) or are the control that only weights prompts
 * ({@link #PROMPT_WEIGHT}), so that a new mode's gain can be told apart from prompt weighting.
 */
public enum TemporalMode {
  /** Today's T-GRPO (spec §4.4): +α to correct ordered completions of a group with p ≥ μ·p̃. */
  REFERENCE(true, false),
  /** The control: GRPO's advantages times a per-prompt weight max(p − p̃, floor) from the shuffled rollouts. */
  PROMPT_WEIGHT(true, false),
  /**
   * A per-response bonus λ·c_i·clip(z(s_i), −2, 2) from each ordered completion's mean log-probability gap
   * s_i = mean_t [log π_old(y_t|ordered) − log π_old(y_t|shuffled)], one teacher-forced pass on the shuffled frames.
   */
  LIKELIHOOD_RATIO(false, true),
  /** GRPO's advantages on the share of each completion's tokens whose log-probability moves most under shuffling. */
  KEY_TOKENS(false, true),
  /**
   * GRPO's advantages, and the loss minus γ·mean-token KL(π_θ(·|ordered) ‖ π_θ(·|shuffled)) (k3 estimate on the sampled
   * tokens) on the correct ordered completions, both passes with autograd: the policy is pushed to answer differently
   * when the order is lost (PAPO's implicit perception loss with shuffling as the mask), with an entropy guard.
   */
  CONTRAST_KL(false, false),
  /**
   * GRPO's advantages on the ordered completions, and the G̃ completions sampled on the shuffled frames trained on too,
   * with GRPO's advantages of their accuracy negated: an answer that survives the loss of the order (a cue in what the
   * frames show, or luck) is pushed down on the shuffled frames, which lowers log π(answer | shuffled) itself, the half
   * of the order gap the ordered completions' credit cannot reach.
   */
  SHUFFLED_NEGATIVE(true, false),
  /**
   * GRPO's advantages, and the loss plus γ·softplus(−Δ) per order-dependent group with a correct completion, Δ the
   * log-likelihood of that completion's answer element alone (no thought) on the ordered minus on the shuffled frames:
   * the verified answer is made to depend on the order itself, not through a thought the shuffled pass shares.
   */
  ANSWER_CONTRAST(false, false);

  private final boolean shuffledRollouts;
  private final boolean orderPass;

  TemporalMode(boolean shuffledRollouts, boolean orderPass) {
    this.shuffledRollouts = shuffledRollouts;
    this.orderPass = orderPass;
  }

  /**
   * Whether the G̃ completions on shuffled frames are still sampled: the modes that read p̃ need them; the modes that
   * score the ordered completions on the shuffled frames by teacher forcing draw nothing on them.
   */
  public boolean shuffledRollouts() {
    return shuffledRollouts;
  }

  /** Whether each ordered completion is scored by teacher forcing on the shuffled frames (the per-token gaps). */
  public boolean orderPass() {
    return orderPass;
  }

  /** Whether the policy's own objective runs a second pass on the shuffled frames ({@link #CONTRAST_KL}). */
  public boolean policyContrast() {
    return this == CONTRAST_KL;
  }

  /** Whether the loss has the bare answer's order contrast ({@link #ANSWER_CONTRAST}). */
  public boolean answerContrast() {
    return this == ANSWER_CONTRAST;
  }

  /** Whether the completions sampled on the shuffled frames are trained on ({@link #SHUFFLED_NEGATIVE}). */
  public boolean trainsShuffled() {
    return this == SHUFFLED_NEGATIVE;
  }

  /**
   * Whether the mode keeps the shuffled frames' inputs for a pass of its own (an order pass, a contrast pass, the
   * shuffled completions' gradient pass or the answer contrast).
   */
  public boolean shuffledPass() {
    return orderPass || policyContrast() || trainsShuffled() || answerContrast();
  }

  /** The setting's spelling: {@code reference}, {@code prompt_weight}, {@code likelihood_ratio}, ... */
  public String setting() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a setting; the message names {@code key} and the accepted values. */
  public static TemporalMode of(String s, String key) {
    for (TemporalMode m : values()) {
      if (m.setting().equals(s.trim().toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException(key + " must be reference, prompt_weight, likelihood_ratio, key_tokens, "
        + "contrast_kl, shuffled_negative or answer_contrast (got '" + s + "')");
  }
}
