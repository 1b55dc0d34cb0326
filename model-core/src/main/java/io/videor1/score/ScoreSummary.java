package io.videor1.score;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.List;
import java.util.Map;

/**
 * What {@link ScoreFiles#run} found: per-type and overall means, the benchmark number, and the rows it could not
 * score. Means over no rows are null.
 *
 * @param input the scored file
 * @param benchmark the benchmark name used ("vsibench" when VSI-Bench was forced or detected, else the given name or
 *     "generic")
 * @param vsiBench whether VSI-Bench's combination was applied
 * @param rows records read, malformed ones included
 * @param errorCount rows reported as malformed (each scored 0)
 * @param repairedCount rows whose text had malformed UTF-8 or lone surrogates, scored after replacing them by U+FFFD
 * @param byType per {@code problem_type} string, in order of first appearance ("(invalid)" for rows without one)
 * @param overall all rows
 * @param meanAcc mean evaluation score of non-regression rows ({@code final_acc.mean_acc}), or null
 * @param meanMra mean evaluation score (MRA) of regression rows ({@code final_acc.mean_mra}), or null
 * @param benchmarkScore the number the benchmark reports (see {@link io.videor1.reward.EvalScorer}), or null
 * @param aggregation how {@code benchmarkScore} was formed
 * @param perTask VSI-Bench only: mean evaluation score per task, else empty
 * @param errors the first {@value ScoreFiles#MAX_ERRORS} error messages, each "line N: reason"
 */
public record ScoreSummary(
    String input,
    String benchmark,
    boolean vsiBench,
    long rows,
    long errorCount,
    long repairedCount,
    Map<String, TypeStats> byType,
    TypeStats overall,
    Double meanAcc,
    Double meanMra,
    Double benchmarkScore,
    String aggregation,
    Map<String, Double> perTask,
    List<String> errors) {

  /**
   * Row count and mean scores of one group of rows.
   *
   * @param count rows
   * @param accuracy mean training accuracy reward
   * @param format mean format reward
   * @param evalScore mean evaluation-time score
   */
  public record TypeStats(long count, Double accuracy, Double format, Double evalScore) {
    JsonObject toJson() {
      JsonObject o = new JsonObject();
      o.addProperty("count", count);
      o.add("accuracy", num(accuracy));
      o.add("format", num(format));
      o.add("eval_score", num(evalScore));
      return o;
    }
  }

  /** The summary as written to {@code summary.json}. */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("input", input);
    o.addProperty("benchmark", benchmark);
    o.addProperty("vsi_bench", vsiBench);
    o.addProperty("rows", rows);
    o.addProperty("error_count", errorCount);
    o.addProperty("repaired_count", repairedCount);
    JsonObject types = new JsonObject();
    byType.forEach((k, v) -> types.add(k, v.toJson()));
    o.add("by_type", types);
    o.add("overall", overall.toJson());
    o.add("mean_acc", num(meanAcc));
    o.add("mean_mra", num(meanMra));
    o.add("benchmark_score", num(benchmarkScore));
    o.addProperty("aggregation", aggregation);
    if (!perTask.isEmpty()) {
      JsonObject tasks = new JsonObject();
      perTask.forEach((k, v) -> tasks.add(k, num(v)));
      o.add("per_task", tasks);
    }
    JsonArray errs = new JsonArray();
    errors.forEach(errs::add);
    o.add("errors", errs);
    return o;
  }

  private static com.google.gson.JsonElement num(Double v) {
    return v == null ? JsonNull.INSTANCE : new JsonPrimitive(v);
  }
}
