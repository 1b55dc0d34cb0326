package io.videor1.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Counts of a column in equal-width bins over {@code [lo, hi]}, counted in Spark so only the counts reach the driver.
 *
 * @param lo the lower edge of the first bin
 * @param hi the upper edge of the last bin (values at {@code hi} go into the last bin)
 * @param counts rows per bin
 */
public record Histogram(double lo, double hi, long[] counts) {
  /** Bins {@code column} of {@code rows}; runs compared side by side pass the same range so their bins line up. */
  static Histogram of(Dataset<Row> rows, String column, double lo, double hi, int bins) {
    double top = hi > lo ? hi : lo + 1; // one value everywhere still gets a visible bin
    double width = (top - lo) / bins;
    Column bin = least(lit(bins - 1), greatest(lit(0), floor(col(column).minus(lo).divide(width)))).cast("int");
    long[] counts = new long[bins];
    for (Row r : rows.groupBy(bin.as("bin")).count().collectAsList()) {
      counts[r.getInt(0)] = r.getLong(1);
    }
    return new Histogram(lo, top, counts);
  }

  public double width() {
    return (hi - lo) / counts.length;
  }

  /** The middle of bin {@code i}. */
  public double centre(int i) {
    return lo + (i + 0.5) * width();
  }

  public long total() {
    long t = 0;
    for (long c : counts) {
      t += c;
    }
    return t;
  }

  /** Each bin's share of the rows (all zero when there are none), so runs and phases of different sizes compare. */
  public double[] shares() {
    long t = total();
    double[] out = new double[counts.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = t == 0 ? 0 : counts[i] / (double) t;
    }
    return out;
  }
}
