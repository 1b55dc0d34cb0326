package io.videor1.demo;

import io.videor1.rl.BonusEffect;
import io.videor1.rl.RlOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads a T-GRPO run's ledger and measures what its temporal bonus did to the advantages ({@link BonusEffect}), and
 * the first step at which a T-GRPO run and a GRPO run of the same seed sampled different completions: the reason a
 * T-GRPO run can end up where GRPO does, and how much of their difference is only where sampling drifted apart.
 */
final class LedgerBonus {
  private LedgerBonus() {}

  /** The bonus effect over every trained (ordered) group of the run under {@code runDir}. */
  static BonusEffect of(SparkSession spark, String runDir, RlOptions opts) {
    List<Row> rows = spark.read().parquet(new Path(runDir, "ledger").toString())
        .filter("NOT shuffled AND failure IS NULL")
        .select("step", "group_id", "sample_index", "total_reward", "temporal_bonus")
        .collectAsList();
    // group id -> sample index -> (total, bonus); sorted so the groups and completions come in a fixed order
    Map<String, TreeMap<Integer, double[]>> groups = new TreeMap<>();
    for (Row r : rows) {
      String key = r.getAs("step") + "/" + r.getAs("group_id");
      groups.computeIfAbsent(key, k -> new TreeMap<>()).put(r.getAs("sample_index"),
          new double[] {r.<Double>getAs("total_reward"), r.<Double>getAs("temporal_bonus")});
    }
    List<BonusEffect.Group> out = new ArrayList<>(groups.size());
    for (TreeMap<Integer, double[]> g : groups.values()) {
      double[] total = new double[g.size()];
      double[] bonus = new double[g.size()];
      int i = 0;
      for (double[] v : g.values()) {
        total[i] = v[0];
        bonus[i++] = v[1];
      }
      out.add(new BonusEffect.Group(total, bonus));
    }
    return BonusEffect.of(out, opts);
  }

  /**
   * The first step at which two runs' ordered completions differ (same step, group and sample index; a run with
   * fewer steps differs where it ends), or 0 when they agree throughout. Same seed, same data: up to that step the
   * two trained on the same samples.
   */
  static int firstDivergence(SparkSession spark, String runA, String runB) {
    Map<String, String> a = completions(spark, runA);
    Map<String, String> b = completions(spark, runB);
    int first = Integer.MAX_VALUE;
    for (String key : union(a, b)) {
      if (!Objects.equals(a.get(key), b.get(key))) {
        first = Math.min(first, Integer.parseInt(key.substring(0, key.indexOf('/'))));
      }
    }
    return first == Integer.MAX_VALUE ? 0 : first;
  }

  private static Map<String, String> completions(SparkSession spark, String runDir) {
    Map<String, String> out = new TreeMap<>();
    for (Row r : spark.read().parquet(new Path(runDir, "ledger").toString()).filter("NOT shuffled")
        .select("step", "group_id", "sample_index", "completion").collectAsList()) {
      out.put(r.getAs("step") + "/" + r.getAs("group_id") + "/" + r.getAs("sample_index"), r.getAs("completion"));
    }
    return out;
  }

  private static Set<String> union(Map<String, String> a, Map<String, String> b) {
    Set<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }
}
