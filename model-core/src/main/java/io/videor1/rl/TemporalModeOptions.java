package io.videor1.rl;

import java.io.Serializable;

/**
 * The settings of {@link TemporalMode}; the ones a mode does not use are ignored by it.
 *
 * @param mode which temporal objective ({@link TemporalMode#REFERENCE}: today's T-GRPO, byte for byte)
 * @param promptWeightFloor {@link TemporalMode#PROMPT_WEIGHT}: the least weight of a measured prompt, so that a prompt
 *     whose shuffled completions did as well (p − p̃ ≤ 0, often sampling noise of a G̃ = 4 estimate) still moves in
 *     GRPO's direction a little instead of feeling only the KL pull back to the reference
 * @param lambda {@link TemporalMode#LIKELIHOOD_RATIO}: λ of the bonus λ·c_i·clip(z(s_i), −2, 2), in reward units
 * @param keyTokenFraction {@link TemporalMode#KEY_TOKENS}: the share of each completion's tokens that get the advantage
 * @param contrastGamma {@link TemporalMode#CONTRAST_KL}: γ, the weight of the ordered-vs-shuffled KL in the loss
 * @param contrastEntropyGuard {@link TemporalMode#CONTRAST_KL}: a correct completion leaves the KL term once its mean
 *     negative log-prob on the shuffled frames exceeds this many nats per token (see {@code ContrastKl})
 * @param contrastEstimator {@link TemporalMode#CONTRAST_KL}: {@code "k3"} (exp(x) − x − 1, PAPO's and the reference
 *     KL's) or {@code "k1"} (−x, the log-ratio itself), x = log π(y|shuffled) − log π(y|ordered) per token; see
 *     {@code ContrastKl}
 * @param contrastTokens {@link TemporalMode#CONTRAST_KL}: {@code "all"} (every token of a correct completion) or
 *     {@code "answer"} (only the tokens of its {@code <answer>…</answer>} element, see {@code AnswerSpan})
 */
public record TemporalModeOptions(TemporalMode mode, double promptWeightFloor, double lambda, double keyTokenFraction,
    double contrastGamma, double contrastEntropyGuard, String contrastEstimator, String contrastTokens)
    implements Serializable {

  /** The estimators of the contrast KL. */
  public static final java.util.List<String> ESTIMATORS = java.util.List.of("k3", "k1");
  /** The tokens the contrast KL is taken over. */
  public static final java.util.List<String> TOKENS = java.util.List.of("all", "answer");

  public TemporalModeOptions {
    if (mode == null) {
      throw new IllegalArgumentException("rl.temporalMode must be set");
    }
    if (!(promptWeightFloor >= 0 && promptWeightFloor <= 1)) {
      throw new IllegalArgumentException("rl.promptWeightFloor must be in [0, 1] (got " + promptWeightFloor + ")");
    }
    if (!(lambda >= 0 && Double.isFinite(lambda))) {
      throw new IllegalArgumentException("rl.temporalLambda must be finite and >= 0 (got " + lambda + ")");
    }
    if (!(keyTokenFraction > 0 && keyTokenFraction <= 1)) {
      throw new IllegalArgumentException("rl.keyTokenFraction must be in (0, 1] (got " + keyTokenFraction + ")");
    }
    if (!(contrastGamma >= 0 && Double.isFinite(contrastGamma))) {
      throw new IllegalArgumentException("rl.contrastGamma must be finite and >= 0 (got " + contrastGamma + ")");
    }
    if (!(contrastEntropyGuard > 0)) {
      throw new IllegalArgumentException("rl.contrastEntropyGuard must be > 0 (got " + contrastEntropyGuard + ")");
    }
    if (!ESTIMATORS.contains(contrastEstimator)) {
      throw new IllegalArgumentException("rl.contrastEstimator must be one of " + String.join(", ", ESTIMATORS)
          + " (got '" + contrastEstimator + "')");
    }
    if (!TOKENS.contains(contrastTokens)) {
      throw new IllegalArgumentException("rl.contrastTokens must be one of " + String.join(", ", TOKENS)
          + " (got '" + contrastTokens + "')");
    }
  }

  /** With the contrast KL over every token. */
  public TemporalModeOptions(TemporalMode mode, double promptWeightFloor, double lambda, double keyTokenFraction,
      double contrastGamma, double contrastEntropyGuard, String contrastEstimator) {
    this(mode, promptWeightFloor, lambda, keyTokenFraction, contrastGamma, contrastEntropyGuard, contrastEstimator,
        "all");
  }

  /** With the contrast KL's defaults: k3 over every token. */
  public TemporalModeOptions(TemporalMode mode, double promptWeightFloor, double lambda, double keyTokenFraction,
      double contrastGamma, double contrastEntropyGuard) {
    this(mode, promptWeightFloor, lambda, keyTokenFraction, contrastGamma, contrastEntropyGuard, "k3");
  }

  /** Whether the contrast term uses the log-ratio (k1) rather than k3. */
  public boolean contrastLinear() {
    return contrastEstimator.equals("k1");
  }

  /** Whether the contrast term reads only the answer element's tokens. */
  public boolean contrastAnswerOnly() {
    return contrastTokens.equals("answer");
  }

  /** The published objective, with the other modes' defaults (conf/train.conf). */
  public static TemporalModeOptions reference() {
    return new TemporalModeOptions(TemporalMode.REFERENCE, 0.1, 0.3, 0.2, 0.05, 4.0);
  }

  /** A copy in another mode. */
  public TemporalModeOptions withMode(TemporalMode m) {
    return new TemporalModeOptions(m, promptWeightFloor, lambda, keyTokenFraction, contrastGamma,
        contrastEntropyGuard, contrastEstimator, contrastTokens);
  }
}
