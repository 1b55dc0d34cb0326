package io.videor1.score;

import io.videor1.reward.EvalScorer;
import io.videor1.reward.ProblemType;
import io.videor1.reward.RewardOptions.VsiAggregation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Running sums of the scores of one file, turned into a {@link ScoreSummary} at the end. */
final class ScoreTally {
  private final Map<String, Sums> byType = new LinkedHashMap<>();
  private final Map<String, Sums> byTask = new LinkedHashMap<>();
  private final Sums overall = new Sums();
  private final Sums nonRegression = new Sums();
  private final Sums regression = new Sums();
  private final List<String> errors = new ArrayList<>();
  private long errorCount;
  private long repairedCount;
  private boolean vsiHint;

  /** Sums of the three scores over some rows. */
  private static final class Sums {
    long count;
    double accuracy;
    double format;
    double eval;

    void add(double a, double f, double e) {
      count++;
      accuracy += a;
      format += f;
      eval += e;
    }

    ScoreSummary.TypeStats stats() {
      return new ScoreSummary.TypeStats(count, mean(accuracy), mean(format), mean(eval));
    }

    Double mean(double sum) {
      return count == 0 ? null : sum / count;
    }
  }

  /**
   * Adds one row.
   *
   * @param type the parsed problem type, or null for a malformed row (counted with the non-regression items)
   */
  void add(String typeKey, ProblemType type, String task, double accuracy, double format, double eval) {
    byType.computeIfAbsent(typeKey, k -> new Sums()).add(accuracy, format, eval);
    overall.add(accuracy, format, eval);
    (type == ProblemType.REGRESSION ? regression : nonRegression).add(accuracy, format, eval);
    if (task != null) {
      byTask.computeIfAbsent(task, k -> new Sums()).add(accuracy, format, eval);
    }
  }

  /** Records an error; returns how many there have been. */
  long addError(String message, int keep) {
    if (errors.size() < keep) {
      errors.add(message);
    }
    return ++errorCount;
  }

  /** Counts a row whose text was repaired. */
  void addRepaired() {
    repairedCount++;
  }

  void noteVsiHint(boolean hint) {
    vsiHint |= hint;
  }

  boolean sawVsiRecord() {
    return vsiHint;
  }

  ScoreSummary summary(String input, String benchmark, boolean vsi, VsiAggregation vsiAggregation) {
    Map<String, ScoreSummary.TypeStats> types = new LinkedHashMap<>();
    byType.forEach((k, v) -> types.put(k, v.stats()));
    Double meanAcc = nonRegression.mean(nonRegression.eval);
    Double meanMra = regression.mean(regression.eval);
    Map<String, Double> perTask = new LinkedHashMap<>();
    if (vsi) {
      byTask.forEach((k, v) -> perTask.put(k, v.mean(v.eval)));
    }
    OptionalDouble score;
    String aggregation;
    if (vsi && vsiAggregation == VsiAggregation.PER_TASK_MEAN) {
      score = EvalScorer.perTaskMean(perTask);
      aggregation = "per_task_mean";
    } else {
      score = EvalScorer.benchmarkScore(optional(meanAcc), optional(meanMra), vsi);
      aggregation = vsi ? "mean_of_acc_and_mra" : "mean_acc";
    }
    return new ScoreSummary(input, benchmark, vsi, overall.count, errorCount, repairedCount, Collections.unmodifiableMap(types),
        overall.stats(), meanAcc, meanMra, score.isPresent() ? score.getAsDouble() : null, aggregation,
        Collections.unmodifiableMap(perTask), List.copyOf(errors));
  }

  private static OptionalDouble optional(Double v) {
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }
}
