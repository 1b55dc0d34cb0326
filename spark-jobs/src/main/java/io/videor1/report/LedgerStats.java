package io.videor1.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the report shows from a run's rollout ledger, aggregated in Spark: reward histograms of the early and late
 * steps, the completion-length histogram and mean per step, and accuracy by problem type.
 *
 * <p>Only responses on ordered frames that were generated and scored count: shuffled-frame responses are never trained
 * on (they only feed the temporal comparison), and failed samples carry no reward.
 *
 * @param responses all ledger rows
 * @param shuffled rows generated on shuffled frames
 * @param failed rows whose sample failed
 * @param earlySteps the first and last step of the early phase
 * @param lateSteps the first and last step of the late phase
 * @param rewardEarly total reward over the early steps
 * @param rewardLate total reward over the late steps
 * @param lengths completion tokens over all steps
 * @param meanLength step → mean completion tokens
 * @param accuracyByType problem type → {mean accuracy, responses}
 */
public record LedgerStats(long responses, long shuffled, long failed, int[] earlySteps, int[] lateSteps,
    Histogram rewardEarly, Histogram rewardLate, Histogram lengths, SortedMap<Integer, Double> meanLength,
    SortedMap<String, double[]> accuracyByType) {

  /** The trained responses' columns the report reads; the completion text is never loaded. */
  private static final Column[] COLUMNS = {col("step"), col("shuffled"), col("failure"), col("problem_type"),
      col("completion_tokens"), col("accuracy"), col("total_reward")};

  /**
   * Aggregates each run's ledger (null entries stay null). Histogram ranges are shared by all runs so that their
   * charts line up side by side.
   */
  static List<LedgerStats> of(List<Dataset<Row>> ledgers, double earlyFraction, int bins) {
    List<Dataset<Row>> tables = new ArrayList<>();
    List<Row> ranges = new ArrayList<>();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    double maxLength = 0;
    for (Dataset<Row> l : ledgers) {
      Dataset<Row> t = l == null ? null : l.select(COLUMNS).cache();
      tables.add(t);
      Row r = t == null ? null : t.agg(count(lit(1)), sum(when(col("shuffled"), 1).otherwise(0)),
          sum(when(col("failure").isNotNull(), 1).otherwise(0)), min("step"), max("step"),
          min(when(trainedRow(), col("total_reward"))), max(when(trainedRow(), col("total_reward"))),
          max(when(trainedRow(), col("completion_tokens")))).first();
      ranges.add(r);
      if (r != null && !r.isNullAt(5)) {
        lo = Math.min(lo, r.getDouble(5));
        hi = Math.max(hi, r.getDouble(6));
        maxLength = Math.max(maxLength, r.getInt(7));
      }
    }
    List<LedgerStats> out = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      Dataset<Row> t = tables.get(i);
      out.add(t == null ? null : one(t, ranges.get(i), lo, hi, maxLength, earlyFraction, bins));
      if (t != null) {
        t.unpersist();
      }
    }
    return out;
  }

  private static LedgerStats one(Dataset<Row> t, Row r, double lo, double hi, double maxLength, double earlyFraction,
      int bins) {
    Dataset<Row> ok = trained(t);
    long responses = r.getLong(0);
    long shuffled = r.isNullAt(1) ? 0 : r.getLong(1);
    long failed = r.isNullAt(2) ? 0 : r.getLong(2);
    if (r.isNullAt(5)) { // nothing was scored: the charts of this run say so
      return new LedgerStats(responses, shuffled, failed, new int[2], new int[2], null, null, null, new TreeMap<>(),
          new TreeMap<>());
    }
    int first = r.getInt(3);
    int last = r.getInt(4);
    int k = Math.max(1, (int) Math.ceil((last - first + 1) * earlyFraction));
    int[] early = {first, Math.min(last, first + k - 1)};
    int[] late = {Math.max(first, last - k + 1), last};
    Histogram rewardEarly = Histogram.of(ok.filter(col("step").leq(early[1])), "total_reward", lo, hi, bins);
    Histogram rewardLate = Histogram.of(ok.filter(col("step").geq(late[0])), "total_reward", lo, hi, bins);
    Histogram lengths = Histogram.of(ok, "completion_tokens", 0, maxLength + 1, bins);
    SortedMap<Integer, Double> meanLength = new TreeMap<>();
    for (Row s : ok.groupBy("step").agg(avg("completion_tokens")).collectAsList()) {
      meanLength.put(s.getInt(0), s.getDouble(1));
    }
    SortedMap<String, double[]> byType = new TreeMap<>();
    for (Row s : ok.groupBy("problem_type").agg(avg("accuracy"), count(lit(1))).collectAsList()) {
      byType.put(s.getString(0), new double[] {s.getDouble(1), s.getLong(2)});
    }
    return new LedgerStats(responses, shuffled, failed, early, late, rewardEarly, rewardLate, lengths, meanLength,
        byType);
  }

  private static Dataset<Row> trained(Dataset<Row> t) {
    return t.filter(trainedRow());
  }

  private static Column trainedRow() {
    return col("shuffled").equalTo(false).and(col("failure").isNull());
  }
}
