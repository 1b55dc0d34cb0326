package io.videor1.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * The temporal modes' per-response columns of a run's ledger (a per-response order score, a per-prompt weight), found
 * by name prefix ({@code report.temporal_prefixes}) so the report needs no change when a mode adds one: for each such
 * numeric column its mean per step and its distribution over the run, over the trained responses (ordered frames, not
 * failed) as {@link LedgerStats} counts them.
 *
 * @param meanByStep column → step → mean over that step's trained responses (steps without a finite value are absent)
 * @param histograms column → the distribution over the run, with bins shared by every run that has the column
 */
record LedgerSignals(Map<String, SortedMap<Integer, Double>> meanByStep, Map<String, Histogram> histograms) {
  /** The published objective's column, charted with the reward components. */
  static final Set<String> PUBLISHED = Set.of("temporal_bonus");

  /** Each run's signals, or null for a run without a ledger; runs without such columns get empty maps. */
  static List<LedgerSignals> of(List<Dataset<Row>> ledgers, List<String> prefixes, int bins) {
    List<List<String>> columns = new ArrayList<>();
    Map<String, double[]> range = new LinkedHashMap<>(); // column → {lo, hi} over every run
    for (Dataset<Row> l : ledgers) {
      List<String> cs = l == null ? List.of() : columns(l, prefixes);
      columns.add(cs);
      if (cs.isEmpty()) {
        continue;
      }
      List<Column> aggs = new ArrayList<>();
      cs.forEach(c -> {
        aggs.add(min(when(finite(c), col(c))).cast("double"));
        aggs.add(max(when(finite(c), col(c))).cast("double"));
      });
      Row r = trained(l).agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
      for (int i = 0; i < cs.size(); i++) {
        if (!r.isNullAt(2 * i)) {
          double[] lh = range.computeIfAbsent(cs.get(i), k -> new double[] {Double.POSITIVE_INFINITY,
              Double.NEGATIVE_INFINITY});
          lh[0] = Math.min(lh[0], r.getDouble(2 * i));
          lh[1] = Math.max(lh[1], r.getDouble(2 * i + 1));
        }
      }
    }
    List<LedgerSignals> out = new ArrayList<>();
    for (int i = 0; i < ledgers.size(); i++) {
      Dataset<Row> l = ledgers.get(i);
      List<String> cs = columns.get(i).stream().filter(range::containsKey).toList();
      if (l == null) {
        out.add(null);
        continue;
      }
      Map<String, SortedMap<Integer, Double>> means = new LinkedHashMap<>();
      Map<String, Histogram> hists = new LinkedHashMap<>();
      if (!cs.isEmpty()) {
        Dataset<Row> ok = trained(l);
        List<Column> aggs = cs.stream().map(c -> avg(when(finite(c), col(c)))).toList();
        cs.forEach(c -> means.put(c, new TreeMap<>()));
        for (Row s : ok.groupBy("step").agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0]))
            .collectAsList()) {
          for (int j = 0; j < cs.size(); j++) {
            if (!s.isNullAt(j + 1)) {
              means.get(cs.get(j)).put(s.getInt(0), s.getDouble(j + 1));
            }
          }
        }
        for (String c : cs) {
          double[] lh = range.get(c);
          hists.put(c, Histogram.of(ok.filter(finite(c)).withColumn(c, col(c).cast("double")), c, lh[0], lh[1], bins));
        }
      }
      out.add(new LedgerSignals(means, hists));
    }
    return out;
  }

  /** The numeric columns whose names start with a prefix, in schema order, but the published objective's. */
  private static List<String> columns(Dataset<Row> ledger, List<String> prefixes) {
    List<String> out = new ArrayList<>();
    for (StructField f : ledger.schema().fields()) {
      if (f.dataType() instanceof NumericType && !PUBLISHED.contains(f.name())
          && prefixes.stream().anyMatch(p -> f.name().startsWith(p))) {
        out.add(f.name());
      }
    }
    return out;
  }

  /** Present and finite (NaN sorts above every number in Spark, and would be every run's maximum). */
  private static Column finite(String c) {
    return col(c).cast("double").between(-Double.MAX_VALUE, Double.MAX_VALUE);
  }

  private static Dataset<Row> trained(Dataset<Row> l) {
    return l.filter(col("shuffled").equalTo(false).and(col("failure").isNull()));
  }
}
