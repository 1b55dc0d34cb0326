package io.videor1.reward;

import java.util.List;
import java.util.Optional;

/**
 * The training accuracy reward (spec §4.2): extract the answers of the completion and of the {@code solution}, then
 * score them by problem type.
 *
 * <ul>
 *   <li>multiple choice: exact equality ({@link ChoiceMatch});
 *   <li>numerical: the decimal-flag and 2-decimal rule ({@link NumericalMatch});
 *   <li>OCR: 1 − word error rate, clipped ({@link WordErrorRate});
 *   <li>free-form: mean ROUGE-1/2/L F-measure, clipped ({@link RougeScorer#freeFormReward});
 *   <li>regression: 1 − clipped relative error ({@link RegressionReward});
 *   <li>any other type string: 0.
 * </ul>
 *
 * <p>Every value is in [0, 1] and never NaN. The reference turns any exception into 0; the scorers here do not throw
 * on any string, and the same guard is kept so that a defect can only cost a reward, never a training step.
 */
public final class AccuracyReward {
  private AccuracyReward() {}

  /**
   * The accuracy reward of one completion.
   *
   * @param type the record's problem type
   * @param completion the decoded completion (special tokens removed)
   * @param solution the record's {@code solution} field, e.g. {@code <answer>B</answer>}
   * @param options the record's options (used only by {@link RewardOptions#choiceNormalize()}); may be empty
   */
  public static double score(
      ProblemType type, String completion, String solution, List<String> options, RewardOptions opts) {
    String pred = AnswerExtractor.extract(nullToEmpty(completion));
    String gt = AnswerExtractor.extract(nullToEmpty(solution));
    return scoreAnswers(type, gt, pred, options, opts);
  }

  /** The accuracy reward for a problem-type string; 0 for a string that is not exactly one of the five types. */
  public static double score(String problemType, String completion, String solution, RewardOptions opts) {
    Optional<ProblemType> type = ProblemType.fromWireName(problemType);
    return type.isPresent() ? score(type.get(), completion, solution, List.of(), opts) : 0.0;
  }

  /**
   * The accuracy rewards of a batch, as one reference reward call computes them.
   *
   * <p>With {@link RewardOptions#problemTypeFromFirstInBatch()} every completion is scored with the first record's
   * type (the reference's {@code problem_type[0]}); otherwise each with its own.
   *
   * @param problemTypes one type string per completion
   * @param completions the decoded completions
   * @param solutions one {@code solution} per completion
   */
  public static double[] scoreBatch(
      List<String> problemTypes, List<String> completions, List<String> solutions, RewardOptions opts) {
    int n = completions.size();
    if (problemTypes.size() != n || solutions.size() != n) {
      throw new IllegalArgumentException("batch sizes differ: " + problemTypes.size() + " types, " + n
          + " completions, " + solutions.size() + " solutions");
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      String type = opts.problemTypeFromFirstInBatch() ? problemTypes.get(0) : problemTypes.get(i);
      out[i] = score(type, completions.get(i), solutions.get(i), opts);
    }
    return out;
  }

  /** Scores already-extracted answers (shared with {@link EvalScorer} for OCR and free-form). */
  static double scoreAnswers(ProblemType type, String gt, String pred, List<String> options, RewardOptions opts) {
    try {
      return switch (type) {
        case MULTIPLE_CHOICE -> ChoiceMatch.score(gt, pred, options, opts);
        case NUMERICAL -> NumericalMatch.score(gt, pred, opts);
        case OCR -> WordErrorRate.reward(gt, pred);
        case FREE_FORM -> RougeScorer.freeFormReward(gt, pred);
        case REGRESSION -> RegressionReward.score(gt, pred, opts);
      };
    } catch (RuntimeException e) {
      return 0.0; // the reference's `except Exception: reward = 0.0`
    }
  }

  static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
