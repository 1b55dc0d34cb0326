package io.videor1.train.grpo;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One response of a T-GRPO step, as the rollout ledger stores it. The components, in this order, are the ledger's
 * columns ({@link RolloutLedger#SCHEMA}); rows are made with {@link #builder()}, which names every field.
 *
 * @param groupId the prompt's group within the step ({@code step-promptIndex})
 * @param shuffled whether the response was generated on shuffled frames (only compared, never trained on)
 * @param samplingSeed the seed the response was sampled with, derived from (run seed, step, prompt, sample)
 * @param failure why the sample could not be generated or scored, or null
 * @param temporalScore the non-reference temporal modes' s_i, the mean log-probability gap of the response between
 *     ordered and shuffled frames ({@code train.temporal_mode}), or null where none was measured
 * @param promptWeight the {@code prompt_weight} mode's weight of the response's prompt, or null
 */
public record LedgerRow(
    int step,
    long weightVersion,
    String promptId,
    String problemType,
    String dataSource,
    String groupId,
    boolean shuffled,
    int sampleIndex,
    long samplingSeed,
    String completion,
    int completionTokens,
    String finishReason,
    double accuracy,
    double format,
    double temporalBonus,
    double lengthBonus,
    double totalReward,
    double advantage,
    String failure,
    Double temporalScore,
    Double promptWeight)
    implements Serializable {

  /** This row with another temporal score (NaN: none). */
  public LedgerRow withTemporalScore(double v) {
    return new LedgerRow(step, weightVersion, promptId, problemType, dataSource, groupId, shuffled, sampleIndex,
        samplingSeed, completion, completionTokens, finishReason, accuracy, format, temporalBonus, lengthBonus,
        totalReward, advantage, failure, Double.isNaN(v) ? null : v, promptWeight);
  }

  /** A builder with nothing set: set the group's fields once, then take {@link Builder#sample()} per response. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Names every field of a row, so two of the many ints, doubles or strings cannot be swapped unnoticed. The six
   * group fields (step to group id) are set once; {@link #sample()} copies them into a fresh builder for each
   * response. Every field must be set, null allowed for the data source and the completion, except {@code failure},
   * {@code temporalScore} and {@code promptWeight}, which stay null unless their {@code opt} setter sets them.
   */
  public static final class Builder {
    private static final String[] NAMES = {
      "step", "weightVersion", "promptId", "problemType", "dataSource", "groupId", "shuffled", "sampleIndex",
      "samplingSeed", "completion", "completionTokens", "finishReason", "accuracy", "format", "temporalBonus",
      "lengthBonus", "totalReward", "advantage", "failure", "temporalScore", "promptWeight"
    };
    private static final int GROUP = (1 << 6) - 1;
    private static final int REQUIRED = (1 << 18) - 1; // all but failure, temporalScore and promptWeight

    private int step;
    private long weightVersion;
    private String promptId;
    private String problemType;
    private String dataSource;
    private String groupId;
    private boolean shuffled;
    private int sampleIndex;
    private long samplingSeed;
    private String completion;
    private int completionTokens;
    private String finishReason;
    private double accuracy;
    private double format;
    private double temporalBonus;
    private double lengthBonus;
    private double totalReward;
    private double advantage;
    private String failure;
    private Double temporalScore;
    private Double promptWeight;
    private int set;

    private Builder() {}

    public Builder setStep(int v) {
      step = v;
      set |= 1 << 0;
      return this;
    }

    public Builder setWeightVersion(long v) {
      weightVersion = v;
      set |= 1 << 1;
      return this;
    }

    public Builder setPromptId(String v) {
      promptId = v;
      set |= 1 << 2;
      return this;
    }

    public Builder setProblemType(String v) {
      problemType = v;
      set |= 1 << 3;
      return this;
    }

    public Builder setDataSource(String v) {
      dataSource = v;
      set |= 1 << 4;
      return this;
    }

    public Builder setGroupId(String v) {
      groupId = v;
      set |= 1 << 5;
      return this;
    }

    public Builder setShuffled(boolean v) {
      shuffled = v;
      set |= 1 << 6;
      return this;
    }

    public Builder setSampleIndex(int v) {
      sampleIndex = v;
      set |= 1 << 7;
      return this;
    }

    public Builder setSamplingSeed(long v) {
      samplingSeed = v;
      set |= 1 << 8;
      return this;
    }

    public Builder setCompletion(String v) {
      completion = v;
      set |= 1 << 9;
      return this;
    }

    public Builder setCompletionTokens(int v) {
      completionTokens = v;
      set |= 1 << 10;
      return this;
    }

    public Builder setFinishReason(String v) {
      finishReason = v;
      set |= 1 << 11;
      return this;
    }

    public Builder setAccuracy(double v) {
      accuracy = v;
      set |= 1 << 12;
      return this;
    }

    public Builder setFormat(double v) {
      format = v;
      set |= 1 << 13;
      return this;
    }

    public Builder setTemporalBonus(double v) {
      temporalBonus = v;
      set |= 1 << 14;
      return this;
    }

    public Builder setLengthBonus(double v) {
      lengthBonus = v;
      set |= 1 << 15;
      return this;
    }

    public Builder setTotalReward(double v) {
      totalReward = v;
      set |= 1 << 16;
      return this;
    }

    public Builder setAdvantage(double v) {
      advantage = v;
      set |= 1 << 17;
      return this;
    }

    public Builder optFailure(String v) {
      failure = v;
      set |= 1 << 18;
      return this;
    }

    /** Sets the temporal score; NaN stands for none (null). */
    public Builder optTemporalScore(double v) {
      temporalScore = Double.isNaN(v) ? null : v;
      set |= 1 << 19;
      return this;
    }

    /** Sets the prompt weight; NaN stands for none (null). */
    public Builder optPromptWeight(double v) {
      promptWeight = Double.isNaN(v) ? null : v;
      set |= 1 << 20;
      return this;
    }

    /** A new builder with this one's group fields (step to group id) and no per-response field set. */
    public Builder sample() {
      Builder b = new Builder();
      b.step = step;
      b.weightVersion = weightVersion;
      b.promptId = promptId;
      b.problemType = problemType;
      b.dataSource = dataSource;
      b.groupId = groupId;
      b.set = set & GROUP;
      return b;
    }

    /** The row; throws {@link IllegalStateException} naming the fields that were not set. */
    public LedgerRow build() {
      if ((set & REQUIRED) != REQUIRED) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
          if ((REQUIRED & ~set & (1 << i)) != 0) {
            missing.add(NAMES[i]);
          }
        }
        throw new IllegalStateException("LedgerRow fields not set: " + String.join(", ", missing));
      }
      return new LedgerRow(step, weightVersion, promptId, problemType, dataSource, groupId, shuffled, sampleIndex,
          samplingSeed, completion, completionTokens, finishReason, accuracy, format, temporalBonus, lengthBonus,
          totalReward, advantage, failure, temporalScore, promptWeight);
    }
  }
}
