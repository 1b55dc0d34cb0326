package io.videor1.rl;

import java.io.Serializable;

/**
 * The T-GRPO settings of the reward shaping, advantage and loss, with the reference code's values as defaults.
 *
 * <p>Reference values (spec §4.4–§5.3): μ = 0.8, α = 0.3, correctness threshold 0.1, shuffled share 0.5 (G̃ = G/2),
 * length window [320, 512] with bonus 0.2 when at least two completions are correct, β = 0.04, KL log-ratio clamp
 * ±10, advantage ε = 1e-4 with std scaling, per-sequence-then-batch mean aggregation, no dynamic sampling. The ratio
 * clip (0.2/0.2, TRL's default) only acts when old log-probs are passed, i.e. with more than one update per rollout;
 * the reference does one update, where the ratio is identically 1. {@link #paper()} gives the paper's variant;
 * {@link #builder()} and {@link #toBuilder()} set any other.
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
 * @param temporalMode what the temporal objective does with the frames' order (reference: the published bonus)
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
    boolean dynamicSampling,
    TemporalModeOptions temporalMode)
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
    if (statsScope == null || aggMode == null || temporalMode == null) {
      throw new IllegalArgumentException("rl.statsScope, rl.aggMode and rl.temporalMode must be set");
    }
    if (!temporal && temporalMode.mode() != TemporalMode.REFERENCE) {
      throw new IllegalArgumentException("rl.temporalMode " + temporalMode.mode().setting()
          + " needs rl.temporal = true (with the temporal objective off the run is GRPO)");
    }
  }

  private static void require(boolean ok, String message, Object value) {
    if (!ok) {
      throw new IllegalArgumentException(message + " (got " + value + ")");
    }
  }

  /** The reference code's values, with per-group statistics (see {@link StatsScope}). */
  public static RlOptions defaults() {
    return builder().build();
  }

  /** The paper's description: μ = 1 (p ≥ p̃, as the maintainer recommends in #74), no |S| &gt; 1 length condition. */
  public static RlOptions paper() {
    return builder().optTemporalMu(1.0).optLengthMinCorrect(1).build();
  }

  /** G̃ for a group of {@code numGenerations}: floor(G · shuffledShare), the reference's G // 2 by default. */
  public int numShuffled(int numGenerations) {
    return (int) Math.floor(numGenerations * shuffledShare);
  }

  /** A builder starting from the reference values of {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this instance's values, for a variant of it. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.temporal = temporal;
    b.temporalMu = temporalMu;
    b.temporalAlpha = temporalAlpha;
    b.correctThreshold = correctThreshold;
    b.shuffledShare = shuffledShare;
    b.statsScope = statsScope;
    b.lengthControl = lengthControl;
    b.lengthMin = lengthMin;
    b.lengthMax = lengthMax;
    b.lengthBonus = lengthBonus;
    b.lengthMinCorrect = lengthMinCorrect;
    b.beta = beta;
    b.klClamp = klClamp;
    b.advantageEpsilon = advantageEpsilon;
    b.scaleAdvantageByStd = scaleAdvantageByStd;
    b.clipLow = clipLow;
    b.clipHigh = clipHigh;
    b.aggMode = aggMode;
    b.maxCompletionLength = maxCompletionLength;
    b.dynamicSampling = dynamicSampling;
    b.temporalMode = temporalMode;
    return b;
  }

  /**
   * Sets {@link RlOptions} by name, so a new setting is added in one place and two swapped values of one type cannot
   * compile unnoticed. Every setting is optional: it starts at the reference value (or the copied instance's).
   * {@link #build()} validates through the canonical constructor.
   */
  public static final class Builder {
    private boolean temporal = true;
    private double temporalMu = 0.8;
    private double temporalAlpha = 0.3;
    private double correctThreshold = 0.1;
    private double shuffledShare = 0.5;
    private StatsScope statsScope = StatsScope.PER_GROUP;
    private boolean lengthControl = true;
    private int lengthMin = 320;
    private int lengthMax = 512;
    private double lengthBonus = 0.2;
    private int lengthMinCorrect = 2;
    private double beta = 0.04;
    private double klClamp = 10.0;
    private double advantageEpsilon = 1e-4;
    private boolean scaleAdvantageByStd = true;
    private double clipLow = 0.2;
    private double clipHigh = 0.2;
    private AggMode aggMode = AggMode.SEQ_MEAN_TOKEN_MEAN;
    private int maxCompletionLength = 768;
    private boolean dynamicSampling = false;
    private TemporalModeOptions temporalMode = TemporalModeOptions.reference();

    private Builder() {}

    /** Sets {@link RlOptions#temporal()}. */
    public Builder optTemporal(boolean v) {
      this.temporal = v;
      return this;
    }

    /** Sets {@link RlOptions#temporalMu()}. */
    public Builder optTemporalMu(double v) {
      this.temporalMu = v;
      return this;
    }

    /** Sets {@link RlOptions#temporalAlpha()}. */
    public Builder optTemporalAlpha(double v) {
      this.temporalAlpha = v;
      return this;
    }

    /** Sets {@link RlOptions#correctThreshold()}. */
    public Builder optCorrectThreshold(double v) {
      this.correctThreshold = v;
      return this;
    }

    /** Sets {@link RlOptions#shuffledShare()}. */
    public Builder optShuffledShare(double v) {
      this.shuffledShare = v;
      return this;
    }

    /** Sets {@link RlOptions#statsScope()}. */
    public Builder optStatsScope(StatsScope v) {
      this.statsScope = v;
      return this;
    }

    /** Sets {@link RlOptions#lengthControl()}. */
    public Builder optLengthControl(boolean v) {
      this.lengthControl = v;
      return this;
    }

    /** Sets {@link RlOptions#lengthMin()}. */
    public Builder optLengthMin(int v) {
      this.lengthMin = v;
      return this;
    }

    /** Sets {@link RlOptions#lengthMax()}. */
    public Builder optLengthMax(int v) {
      this.lengthMax = v;
      return this;
    }

    /** Sets {@link RlOptions#lengthBonus()}. */
    public Builder optLengthBonus(double v) {
      this.lengthBonus = v;
      return this;
    }

    /** Sets {@link RlOptions#lengthMinCorrect()}. */
    public Builder optLengthMinCorrect(int v) {
      this.lengthMinCorrect = v;
      return this;
    }

    /** Sets {@link RlOptions#beta()}. */
    public Builder optBeta(double v) {
      this.beta = v;
      return this;
    }

    /** Sets {@link RlOptions#klClamp()}. */
    public Builder optKlClamp(double v) {
      this.klClamp = v;
      return this;
    }

    /** Sets {@link RlOptions#advantageEpsilon()}. */
    public Builder optAdvantageEpsilon(double v) {
      this.advantageEpsilon = v;
      return this;
    }

    /** Sets {@link RlOptions#scaleAdvantageByStd()}. */
    public Builder optScaleAdvantageByStd(boolean v) {
      this.scaleAdvantageByStd = v;
      return this;
    }

    /** Sets {@link RlOptions#clipLow()}. */
    public Builder optClipLow(double v) {
      this.clipLow = v;
      return this;
    }

    /** Sets {@link RlOptions#clipHigh()}. */
    public Builder optClipHigh(double v) {
      this.clipHigh = v;
      return this;
    }

    /** Sets {@link RlOptions#aggMode()}. */
    public Builder optAggMode(AggMode v) {
      this.aggMode = v;
      return this;
    }

    /** Sets {@link RlOptions#maxCompletionLength()}. */
    public Builder optMaxCompletionLength(int v) {
      this.maxCompletionLength = v;
      return this;
    }

    /** Sets {@link RlOptions#dynamicSampling()}. */
    public Builder optDynamicSampling(boolean v) {
      this.dynamicSampling = v;
      return this;
    }

    /** Sets {@link RlOptions#temporalMode()}. */
    public Builder optTemporalMode(TemporalModeOptions v) {
      this.temporalMode = v;
      return this;
    }

    /** The options; throws {@link IllegalArgumentException} naming the setting when one is out of range. */
    public RlOptions build() {
      return new RlOptions(temporal, temporalMu, temporalAlpha, correctThreshold, shuffledShare, statsScope,
          lengthControl, lengthMin, lengthMax, lengthBonus, lengthMinCorrect, beta, klClamp, advantageEpsilon,
          scaleAdvantageByStd, clipLow, clipHigh, aggMode, maxCompletionLength, dynamicSampling, temporalMode);
    }
  }
}
