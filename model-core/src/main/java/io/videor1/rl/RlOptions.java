package io.videor1.rl;

import java.io.Serializable;

/**
 * The T-GRPO settings of the reward shaping, advantage and loss, with the reference code's values as defaults.
 *
 * <p>Reference values (spec §4.4–§5.3): μ = 0.8, α = 0.3, correctness threshold 0.1, shuffled share 0.5 (G̃ = G/2),
 * length window [320, 512] with bonus 0.2 when at least two completions are correct, β = 0.04, KL log-ratio clamp
 * ±10, advantage ε = 1e-4 with std scaling, per-sequence-then-batch mean aggregation, no dynamic sampling. The ratio
 * clip (0.2/0.2, TRL's default) only acts when old log-probs are passed, i.e. with more than one update per rollout;
 * the reference does one update, where the ratio is identically 1. {@link #paper()} gives the paper's variant.
 *
 * @param temporal add the temporal bonus to video groups ({@code --temporal true})
 * @param temporalMu μ: the bonus applies when p ≥ μ·p̃ (reference 0.8; paper and maintainer: 1.0)
 * @param temporalAlpha α: the bonus added to correct ordered completions (reference 0.3)
 * @param correctThreshold a completion is "correct" for the temporal and length rules when accuracy &gt; this (0.1)
 * @param shuffledShare G̃ = floor(G · share) shuffled-frame completions per video prompt (0.5)
 * @param statsScope per prompt group (default) or pooled per call (the reference code)
 * @param lengthControl add the length bonus ({@code --len_control true})
 * @param lengthMin shortest completion (tokens, EOS included) that earns the length bonus (320)
 * @param lengthMax longest such completion (512)
 * @param lengthBonus the length bonus (0.2)
 * @param lengthMinCorrect the length bonus needs at least this many correct completions (reference 2; paper 1)
 * @param beta β: weight of the KL penalty (0.04)
 * @param klClamp the log-ratio ℓ_ref − ℓ is clamped to ±klClamp before the k3 estimate (10)
 * @param advantageEpsilon ε added to the group std (1e-4)
 * @param scaleAdvantageByStd divide by the group std (reference true; Dr. GRPO false)
 * @param clipLow ε_low of the ratio clip, used only with old log-probs (0.2)
 * @param clipHigh ε_high of the ratio clip, used only with old log-probs (0.2)
 * @param aggMode the loss aggregation (reference {@link AggMode#SEQ_MEAN_TOKEN_MEAN})
 * @param maxCompletionLength L_max for {@link AggMode#FIXED_LENGTH} (768, the reference's generation budget)
 * @param dynamicSampling drop groups whose rewards all agree before the update (DAPO; reference false)
 */
public record RlOptions(
    boolean temporal,
    double temporalMu,
    double temporalAlpha,
    double correctThreshold,
    double shuffledShare,
    StatsScope statsScope,
    boolean lengthControl,
    int lengthMin,
    int lengthMax,
    double lengthBonus,
    int lengthMinCorrect,
    double beta,
    double klClamp,
    double advantageEpsilon,
    boolean scaleAdvantageByStd,
    double clipLow,
    double clipHigh,
    AggMode aggMode,
    int maxCompletionLength,
    boolean dynamicSampling)
    implements Serializable {

  /** Validates the record; messages name the offending setting. */
  public RlOptions {
    require(temporalMu >= 0 && Double.isFinite(temporalMu), "rl.temporalMu must be finite and >= 0", temporalMu);
    require(temporalAlpha >= 0 && Double.isFinite(temporalAlpha), "rl.temporalAlpha must be >= 0", temporalAlpha);
    require(Double.isFinite(correctThreshold), "rl.correctThreshold must be finite", correctThreshold);
    require(shuffledShare > 0 && shuffledShare <= 1, "rl.shuffledShare must be in (0, 1]", shuffledShare);
    require(lengthMin >= 0 && lengthMin <= lengthMax, "rl.lengthMin must be in [0, rl.lengthMax]", lengthMin);
    require(lengthBonus >= 0 && Double.isFinite(lengthBonus), "rl.lengthBonus must be >= 0", lengthBonus);
    require(lengthMinCorrect >= 0, "rl.lengthMinCorrect must be >= 0", lengthMinCorrect);
    require(beta >= 0 && Double.isFinite(beta), "rl.beta must be >= 0", beta);
    require(klClamp > 0, "rl.klClamp must be > 0", klClamp);
    require(advantageEpsilon >= 0 && Double.isFinite(advantageEpsilon), "rl.advantageEpsilon must be >= 0",
        advantageEpsilon);
    require(clipLow >= 0 && clipLow < 1, "rl.clipLow must be in [0, 1)", clipLow);
    require(clipHigh >= 0, "rl.clipHigh must be >= 0", clipHigh);
    require(maxCompletionLength > 0, "rl.maxCompletionLength must be > 0", maxCompletionLength);
    if (statsScope == null || aggMode == null) {
      throw new IllegalArgumentException("rl.statsScope and rl.aggMode must be set");
    }
  }

  private static void require(boolean ok, String message, Object value) {
    if (!ok) {
      throw new IllegalArgumentException(message + " (got " + value + ")");
    }
  }

  /** The reference code's values, with per-group statistics (see {@link StatsScope}). */
  public static RlOptions defaults() {
    return new RlOptions(true, 0.8, 0.3, 0.1, 0.5, StatsScope.PER_GROUP, true, 320, 512, 0.2, 2, 0.04, 10.0, 1e-4,
        true, 0.2, 0.2, AggMode.SEQ_MEAN_TOKEN_MEAN, 768, false);
  }

  /** The paper's description: μ = 1 (p ≥ p̃, as the maintainer recommends in #74), no |S| &gt; 1 length condition. */
  public static RlOptions paper() {
    return defaults().withTemporalMu(1.0).withLengthMinCorrect(1);
  }

  /** G̃ for a group of {@code numGenerations}: floor(G · shuffledShare), the reference's G // 2 by default. */
  public int numShuffled(int numGenerations) {
    return (int) Math.floor(numGenerations * shuffledShare);
  }

  /** A copy with {@link #temporal()} set. */
  public RlOptions withTemporal(boolean v) {
    return new RlOptions(v, temporalMu, temporalAlpha, correctThreshold, shuffledShare, statsScope, lengthControl,
        lengthMin, lengthMax, lengthBonus, lengthMinCorrect, beta, klClamp, advantageEpsilon, scaleAdvantageByStd,
        clipLow, clipHigh, aggMode, maxCompletionLength, dynamicSampling);
  }

  /** A copy with {@link #temporalMu()} set. */
  public RlOptions withTemporalMu(double v) {
    return new RlOptions(temporal, v, temporalAlpha, correctThreshold, shuffledShare, statsScope, lengthControl,
        lengthMin, lengthMax, lengthBonus, lengthMinCorrect, beta, klClamp, advantageEpsilon, scaleAdvantageByStd,
        clipLow, clipHigh, aggMode, maxCompletionLength, dynamicSampling);
  }

  /** A copy with {@link #statsScope()} set. */
  public RlOptions withStatsScope(StatsScope v) {
    return new RlOptions(temporal, temporalMu, temporalAlpha, correctThreshold, shuffledShare, v, lengthControl,
        lengthMin, lengthMax, lengthBonus, lengthMinCorrect, beta, klClamp, advantageEpsilon, scaleAdvantageByStd,
        clipLow, clipHigh, aggMode, maxCompletionLength, dynamicSampling);
  }

  /** A copy with {@link #lengthControl()} set. */
  public RlOptions withLengthControl(boolean v) {
    return new RlOptions(temporal, temporalMu, temporalAlpha, correctThreshold, shuffledShare, statsScope, v,
        lengthMin, lengthMax, lengthBonus, lengthMinCorrect, beta, klClamp, advantageEpsilon, scaleAdvantageByStd,
        clipLow, clipHigh, aggMode, maxCompletionLength, dynamicSampling);
  }

  /** A copy with {@link #lengthMinCorrect()} set. */
  public RlOptions withLengthMinCorrect(int v) {
    return new RlOptions(temporal, temporalMu, temporalAlpha, correctThreshold, shuffledShare, statsScope,
        lengthControl, lengthMin, lengthMax, lengthBonus, v, beta, klClamp, advantageEpsilon, scaleAdvantageByStd,
        clipLow, clipHigh, aggMode, maxCompletionLength, dynamicSampling);
  }

  /** A copy with {@link #beta()} set. */
  public RlOptions withBeta(double v) {
    return new RlOptions(temporal, temporalMu, temporalAlpha, correctThreshold, shuffledShare, statsScope,
        lengthControl, lengthMin, lengthMax, lengthBonus, lengthMinCorrect, v, klClamp, advantageEpsilon,
        scaleAdvantageByStd, clipLow, clipHigh, aggMode, maxCompletionLength, dynamicSampling);
  }

  /** A copy with {@link #scaleAdvantageByStd()} set. */
  public RlOptions withScaleAdvantageByStd(boolean v) {
    return new RlOptions(temporal, temporalMu, temporalAlpha, correctThreshold, shuffledShare, statsScope,
        lengthControl, lengthMin, lengthMax, lengthBonus, lengthMinCorrect, beta, klClamp, advantageEpsilon, v,
        clipLow, clipHigh, aggMode, maxCompletionLength, dynamicSampling);
  }

  /** A copy with the ratio clip range set. */
  public RlOptions withClip(double low, double high) {
    return new RlOptions(temporal, temporalMu, temporalAlpha, correctThreshold, shuffledShare, statsScope,
        lengthControl, lengthMin, lengthMax, lengthBonus, lengthMinCorrect, beta, klClamp, advantageEpsilon,
        scaleAdvantageByStd, low, high, aggMode, maxCompletionLength, dynamicSampling);
  }

  /** A copy with the aggregation mode and L_max set. */
  public RlOptions withAggMode(AggMode mode, int maxLength) {
    return new RlOptions(temporal, temporalMu, temporalAlpha, correctThreshold, shuffledShare, statsScope,
        lengthControl, lengthMin, lengthMax, lengthBonus, lengthMinCorrect, beta, klClamp, advantageEpsilon,
        scaleAdvantageByStd, clipLow, clipHigh, mode, maxLength, dynamicSampling);
  }

  /** A copy with {@link #dynamicSampling()} set. */
  public RlOptions withDynamicSampling(boolean v) {
    return new RlOptions(temporal, temporalMu, temporalAlpha, correctThreshold, shuffledShare, statsScope,
        lengthControl, lengthMin, lengthMax, lengthBonus, lengthMinCorrect, beta, klClamp, advantageEpsilon,
        scaleAdvantageByStd, clipLow, clipHigh, aggMode, maxCompletionLength, v);
  }
}
