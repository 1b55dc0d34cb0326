package io.videor1.e2e;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.when;

import io.videor1.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A curated frames table with one record damaged, as storage or another writer might leave it. */
final class BadFrames {
  private BadFrames() {}

  /**
   * Copies the first {@code n} records (by problem id) of the curation output {@code src} to {@code dst} with the
   * same layout ({@code frames/params=HASH/batch=ID/}), emptying the first record's frames; returns its row key.
   */
  static String copyWithEmptiedRecord(Path src, Path dst, int n) throws Exception {
    Path version;
    try (Stream<Path> s = Files.list(src.resolve("frames"))) {
      version = s.filter(p -> p.getFileName().toString().startsWith("params=")).findFirst().orElseThrow();
    }
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> rows = spark.read().parquet(version.toString()).drop("batch").orderBy("problem_id", "row_key")
        .limit(n);
    String bad = rows.first().getAs("row_key");
    Dataset<Row> damaged = rows.withColumn("frames",
        when(col("row_key").equalTo(bad), slice(col("frames"), 1, 0)).otherwise(col("frames")));
    damaged.coalesce(1).write().parquet(dst.resolve("frames").resolve(version.getFileName().toString())
        .resolve("batch=damaged").toString());
    return bad;
  }
}
