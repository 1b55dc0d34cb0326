package io.videor1.curate;

import io.videor1.conf.ConfigError;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Compaction of a curation output: each frames version's live batches, one per scheduled run, rewritten into a few
 * Parquet files of about {@code compact.target_file_mb}, as one new batch.
 *
 * <p>The rows are copied as they are (same schema, same codec, same bytes; only their grouping into files changes).
 * The switch is a new generation ({@link TableGenerations}) published under the output's lease, so a reader lists the
 * old batches or the new one, never both or neither; the replaced batches stay on disk for {@code compact.retain_s}
 * for readers still holding their names, and a later compaction deletes them.
 */
public final class CompactJob {
  /** What compaction did to one frames version. */
  public record Result(String version, int batchesBefore, int filesBefore, int filesAfter, long rows, long bytes,
      List<String> deleted) {}

  private CompactJob() {}

  /** Compacts every frames version of {@code cfg.out()}; {@code log} gets one line per version (null for none). */
  public static List<Result> run(SparkSession spark, CompactConfig cfg, PrintStream log) throws IOException {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Path out = new Path(cfg.out());
    FileSystem fs = out.getFileSystem(hadoop);
    if (!fs.exists(new Path(out, "frames"))) {
      throw new ConfigError("no curated frames under " + cfg.out() + " (compact.out)");
    }
    String runId = "c-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
        + "-" + UUID.randomUUID().toString().substring(0, 8);
    List<Result> results = new ArrayList<>();
    try (OutputLease lease = OutputLease.acquire(fs, out, "compact", runId, cfg.lock(), log)) {
      fs.delete(new Path(out, "_staging"), true); // under the lease: what is there belongs to dead runs
      FileStatus[] versions = fs.globStatus(new Path(out, "frames/params=*"));
      for (FileStatus v : versions == null ? new FileStatus[0] : versions) {
        Result r = compact(spark, fs, v.getPath(), new Path(out, "_staging/" + runId + "/" + v.getPath().getName().substring("params=".length())),
            runId, cfg, lease);
        results.add(r);
        if (log != null) {
          log.printf(Locale.ROOT, "compact: %s: %d batches, %d files -> %d files (%d rows, %.1f MB); deleted %d replaced"
              + " batches%n", r.version(), r.batchesBefore(), r.filesBefore(), r.filesAfter(), r.rows(),
              r.bytes() / 1e6, r.deleted().size());
        }
      }
      fs.delete(new Path(out, "_staging"), true);
    }
    return results;
  }

  private static Result compact(SparkSession spark, FileSystem fs, Path version, Path staging, String runId,
      CompactConfig cfg, OutputLease lease) throws IOException {
    TableGenerations.removeUnpublished(fs, version);
    TableGenerations.Generation g = TableGenerations.current(fs, version);
    List<Path> files = FramesReader.files(version, fs.getConf());
    long bytes = 0;
    for (Path f : files) {
      bytes += fs.getFileStatus(f).getLen();
    }
    long rows = rowCount(files, fs.getConf());
    // Replaced batches past their retention go first: they are in no reader's generation any more. Deleting them
    // before publishing means a crash in between leaves a name in "replaced" whose directory is gone, which is harmless.
    long now = System.currentTimeMillis();
    Map<String, Long> kept = new LinkedHashMap<>();
    List<String> deleted = new ArrayList<>();
    for (Map.Entry<String, Long> e : g.replaced().entrySet()) {
      if (now - e.getValue() >= cfg.retainSeconds() * 1000L) {
        lease.verify();
        fs.delete(new Path(version, e.getKey()), true);
        deleted.add(e.getKey());
      } else {
        kept.put(e.getKey(), e.getValue());
      }
    }
    int target = (int) Math.max(1, Math.min(files.size(), (bytes + cfg.targetBytes() - 1) / cfg.targetBytes()));
    if (target >= files.size() && g.batches().size() <= 1) {
      if (!deleted.isEmpty()) {
        lease.verify();
        TableGenerations.publish(fs, version, new TableGenerations.Generation(g.number() + 1, g.batches(), kept), runId);
      }
      return new Result(version.getName(), g.batches().size(), files.size(), files.size(), rows, bytes, deleted);
    }
    JavaSparkContext.fromSparkContext(spark.sparkContext()).setJobDescription(
        "videor1 compact: " + version.getName() + " (" + files.size() + " files -> " + target + ")");
    Dataset<Row> live = TableGenerations.read(spark, version, spark.read());
    Column[] cols = java.util.Arrays.stream(CurateSchemas.FRAMES.fieldNames()).map(functions::col).toArray(Column[]::new);
    // Back to the writer's schema (Spark reads every column as nullable), so the new files' schema is the old one.
    Dataset<Row> rowsOut = spark.createDataFrame(live.select(cols).javaRDD(), CurateSchemas.FRAMES).coalesce(target);
    rowsOut.write().option("compression", codecOf(files.get(0), fs.getConf())).parquet(staging.toString());
    List<Path> written = FramesReader.files(staging, fs.getConf());
    long check = rowCount(written, fs.getConf());
    if (check != rows) {
      throw new IOException("compaction of " + version + " wrote " + check + " rows, expected " + rows + "; nothing changed");
    }
    Path batch = new Path(version, "batch=" + runId);
    lease.verify();
    if (!fs.rename(staging, batch)) {
      throw new IOException("cannot rename " + staging + " to " + batch);
    }
    if (cfg.retainSeconds() > 0) {
      for (String b : g.batches()) {
        kept.put(b, now);
      }
    }
    lease.verify();
    TableGenerations.publish(fs, version, new TableGenerations.Generation(g.number() + 1, List.of(batch.getName()), kept),
        runId);
    if (cfg.retainSeconds() == 0) {
      // No retention: the replaced batches go now. A crash before this leaves them unlisted, and unlisted batches are
      // removed by the next run under the lease.
      for (String b : g.batches()) {
        fs.delete(new Path(version, b), true);
        deleted.add(b);
      }
    }
    return new Result(version.getName(), g.batches().size(), files.size(), written.size(), rows, bytes, deleted);
  }

  /** Rows in Parquet files, from their footers. */
  static long rowCount(List<Path> files, Configuration conf) throws IOException {
    long n = 0;
    for (Path f : files) {
      try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(f, conf))) {
        n += r.getRecordCount();
      }
    }
    return n;
  }

  /** The codec the table was written with, as Spark's {@code compression} option names it. */
  private static String codecOf(Path file, Configuration conf) throws IOException {
    try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
      var blocks = r.getFooter().getBlocks();
      CompressionCodecName c = blocks.isEmpty() ? CompressionCodecName.UNCOMPRESSED
          : blocks.get(0).getColumns().get(0).getCodec();
      return c == CompressionCodecName.UNCOMPRESSED ? "none" : c.name().toLowerCase(Locale.ROOT);
    }
  }
}
