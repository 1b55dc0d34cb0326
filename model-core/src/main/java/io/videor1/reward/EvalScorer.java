package io.videor1.reward;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Evaluation-time scoring ({@code eval_bench.py}, spec §7.2–§7.3): one score per item, and the benchmark's number.
 *
 * <p>Per item: the prediction is the extracted answer, or (reference) the whole raw output when that is empty; the
 * ground truth is the extracted {@code solution}. Multiple choice compares the stripped strings, numerical uses the
 * training rule, regression uses {@link MeanRelativeAccuracy}, and OCR and free-form score 0 (no benchmark uses them,
 * #121) unless {@link RewardOptions#evalScoresTextTypes()} is set.
 *
 * <p>Aggregation: {@code mean_acc} is the mean score of non-regression items and {@code mean_mra} of regression items.
 * A benchmark's reported number is {@code mean_acc}, except VSI-Bench, where the reference reports
 * (mean_acc + mean_mra) / 2 (#121); VSI-Bench's own protocol, the mean of per-task means, is the alternative.
 */
public final class EvalScorer {
  private EvalScorer() {}

  /**
   * The evaluation score of one item, in [0, 1].
   *
   * @param type the item's problem type
   * @param output the model's raw output
   * @param solution the item's {@code solution} field
   * @param options the item's options (only for {@link RewardOptions#choiceNormalize()}); may be empty
   */
  public static double score(
      ProblemType type, String output, String solution, List<String> options, RewardOptions opts) {
    String pred = AnswerExtractor.extractForEval(AccuracyReward.nullToEmpty(output), opts.evalFallbackToRawOutput());
    String gt = AnswerExtractor.extract(AccuracyReward.nullToEmpty(solution));
    try {
      return switch (type) {
        case MULTIPLE_CHOICE -> ChoiceMatch.score(gt, pred, options, opts);
        case NUMERICAL -> NumericalMatch.score(gt, pred, opts);
        case REGRESSION -> MeanRelativeAccuracy.score(gt, pred);
        case OCR, FREE_FORM -> opts.evalScoresTextTypes()
            ? AccuracyReward.scoreAnswers(type, gt, pred, options, opts)
            : 0.0;
      };
    } catch (RuntimeException e) {
      return 0.0; // eval_bench.py's `except Exception: return 0.0`
    }
  }

  /**
   * The number a benchmark reports.
   *
   * @param meanAcc mean score of the non-regression items, if any
   * @param meanMra mean MRA of the regression items, if any
   * @param vsiBench whether this is VSI-Bench (then the mean of the two, per #121)
   * @return the score, or empty when there are no items
   */
  public static OptionalDouble benchmarkScore(OptionalDouble meanAcc, OptionalDouble meanMra, boolean vsiBench) {
    if (vsiBench && meanAcc.isPresent() && meanMra.isPresent()) {
      return OptionalDouble.of((meanAcc.getAsDouble() + meanMra.getAsDouble()) / 2);
    }
    if (meanAcc.isPresent()) {
      return meanAcc;
    }
    return meanMra;
  }

  /**
   * VSI-Bench's own aggregation: the unweighted mean over tasks of each task's mean item score.
   *
   * @param taskMeans mean score per task
   * @return the mean, or empty when there are no tasks
   */
  public static OptionalDouble perTaskMean(Map<String, Double> taskMeans) {
    return taskMeans.values().stream().mapToDouble(Double::doubleValue).average();
  }
}
