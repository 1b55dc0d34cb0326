package io.videor1.reward;

import java.io.Serializable;

/**
 * Parity switches of the reward and evaluation scoring: each names one place where the reference's behaviour is
 * questionable, with the reference behaviour selectable (docs/rewards.md lists them all).
 *
 * <p>{@link #defaults()} reproduces the reference on every single input. The one batch-level quirk
 * ({@link #problemTypeFromFirstInBatch()}) defaults to per-record types, which is identical to the reference at its
 * only supported batch size (one prompt per call).
 *
 * @param numericalDecimalFlag reference: true — a numerical answer scores 0 when exactly one of ground truth and
 *     prediction contains "." or "," ({@code 12} vs {@code 12.0}, {@code 1,234} vs {@code 1234}); false compares the
 *     values only
 * @param choiceNormalize reference: false — multiple choice is exact, case-sensitive string equality ("A." and "(A)"
 *     score 0); true reduces "(A)", "A.", "a", "A. text" or the text of an option to its letter first
 * @param regressionEpsilonInNumerator reference: true — rel = (|p − g| + 1e-9) / (|g| + 1e-9), so an exact answer to
 *     a ground truth of 0 scores 0; false drops the numerator's 1e-9
 * @param regressionNanAsExact reference: true — a NaN relative error passes Python's {@code max(0.0, nan)} as 0 and
 *     scores 1.0 (the answer "nan" gets full reward); false scores it 0
 * @param evalFallbackToRawOutput reference: true — at evaluation, an output without an answer (or with an empty one)
 *     is scored as a whole; false scores the empty answer
 * @param evalScoresTextTypes reference: false — evaluation scores OCR and free-form items 0; true uses the training
 *     reward for them
 * @param problemTypeFromFirstInBatch reference: true — a batch call scores every completion with the first record's
 *     problem type; default false (each record's own type), identical at batch size 1
 * @param vsiAggregation how the VSI-Bench score combines its items; reference
 *     {@link VsiAggregation#MEAN_OF_ACC_AND_MRA}
 */
public record RewardOptions(
    boolean numericalDecimalFlag,
    boolean choiceNormalize,
    boolean regressionEpsilonInNumerator,
    boolean regressionNanAsExact,
    boolean evalFallbackToRawOutput,
    boolean evalScoresTextTypes,
    boolean problemTypeFromFirstInBatch,
    VsiAggregation vsiAggregation)
    implements Serializable {

  /** How a VSI-Bench score is formed from per-item scores. */
  public enum VsiAggregation {
    /** The maintainer's rule (#121): (mean accuracy of non-regression items + mean MRA of regression items) / 2. */
    MEAN_OF_ACC_AND_MRA,
    /** VSI-Bench's own protocol: the mean over tasks of each task's mean score. */
    PER_TASK_MEAN
  }

  /** Validates the record. */
  public RewardOptions {
    if (vsiAggregation == null) {
      throw new IllegalArgumentException("reward.vsiAggregation must be set");
    }
  }

  /** The reference's behaviour on every input (batch types per record; see the class comment). */
  public static RewardOptions defaults() {
    return new RewardOptions(true, false, true, true, true, false, false, VsiAggregation.MEAN_OF_ACC_AND_MRA);
  }

  /**
   * Every per-answer fix on: value-based numerical match, letter normalisation, exact regression at 0, NaN scores 0.
   * The evaluation protocol (raw-output fallback, OCR/free-form scored 0, VSI-Bench combination) stays the
   * reference's, so benchmark numbers remain comparable with the paper's.
   */
  public static RewardOptions fixed() {
    return new RewardOptions(false, true, false, false, true, false, false, VsiAggregation.MEAN_OF_ACC_AND_MRA);
  }

  /** A copy with {@link #numericalDecimalFlag()} set. */
  public RewardOptions withNumericalDecimalFlag(boolean v) {
    return new RewardOptions(v, choiceNormalize, regressionEpsilonInNumerator, regressionNanAsExact,
        evalFallbackToRawOutput, evalScoresTextTypes, problemTypeFromFirstInBatch, vsiAggregation);
  }

  /** A copy with {@link #choiceNormalize()} set. */
  public RewardOptions withChoiceNormalize(boolean v) {
    return new RewardOptions(numericalDecimalFlag, v, regressionEpsilonInNumerator, regressionNanAsExact,
        evalFallbackToRawOutput, evalScoresTextTypes, problemTypeFromFirstInBatch, vsiAggregation);
  }

  /** A copy with {@link #regressionEpsilonInNumerator()} set. */
  public RewardOptions withRegressionEpsilonInNumerator(boolean v) {
    return new RewardOptions(numericalDecimalFlag, choiceNormalize, v, regressionNanAsExact,
        evalFallbackToRawOutput, evalScoresTextTypes, problemTypeFromFirstInBatch, vsiAggregation);
  }

  /** A copy with {@link #regressionNanAsExact()} set. */
  public RewardOptions withRegressionNanAsExact(boolean v) {
    return new RewardOptions(numericalDecimalFlag, choiceNormalize, regressionEpsilonInNumerator, v,
        evalFallbackToRawOutput, evalScoresTextTypes, problemTypeFromFirstInBatch, vsiAggregation);
  }

  /** A copy with {@link #evalFallbackToRawOutput()} set. */
  public RewardOptions withEvalFallbackToRawOutput(boolean v) {
    return new RewardOptions(numericalDecimalFlag, choiceNormalize, regressionEpsilonInNumerator,
        regressionNanAsExact, v, evalScoresTextTypes, problemTypeFromFirstInBatch, vsiAggregation);
  }

  /** A copy with {@link #evalScoresTextTypes()} set. */
  public RewardOptions withEvalScoresTextTypes(boolean v) {
    return new RewardOptions(numericalDecimalFlag, choiceNormalize, regressionEpsilonInNumerator,
        regressionNanAsExact, evalFallbackToRawOutput, v, problemTypeFromFirstInBatch, vsiAggregation);
  }

  /** A copy with {@link #problemTypeFromFirstInBatch()} set. */
  public RewardOptions withProblemTypeFromFirstInBatch(boolean v) {
    return new RewardOptions(numericalDecimalFlag, choiceNormalize, regressionEpsilonInNumerator,
        regressionNanAsExact, evalFallbackToRawOutput, evalScoresTextTypes, v, vsiAggregation);
  }

  /** A copy with {@link #vsiAggregation()} set. */
  public RewardOptions withVsiAggregation(VsiAggregation v) {
    return new RewardOptions(numericalDecimalFlag, choiceNormalize, regressionEpsilonInNumerator,
        regressionNanAsExact, evalFallbackToRawOutput, evalScoresTextTypes, problemTypeFromFirstInBatch, v);
  }
}
