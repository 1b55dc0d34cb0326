package io.videor1.demo;

import io.videor1.rl.BonusEffect;
import io.videor1.rl.RlOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads a T-GRPO run's ledger and measures what its temporal bonus did to the advantages ({@link BonusEffect}): the
 * reason a T-GRPO run can end up where GRPO does.
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
}
