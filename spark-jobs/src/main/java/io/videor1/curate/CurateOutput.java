package io.videor1.curate;

import io.videor1.text.Utf8;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The layout of a curation output directory and its all-or-nothing commits.
 *
 * <pre>
 * OUT/frames/params=HASH/batch=ID/part-*.parquet      one batch per run that produced rows
 * OUT/frames/params=HASH/_params.json                 the preprocessing parameters behind HASH
 * OUT/frames/params=HASH/_generations/N.json          which batches are live (see TableGenerations)
 * OUT/quarantine/params=HASH/batch=ID/part-*.parquet
 * OUT/_staging/ID/...                                 a run in progress (ignored by readers: leading underscore)
 * OUT/_summary.json                                   the last run's counts
 * OUT/_runs/ID.json                                   every run's counts, one file per run
 * OUT/_lock                                           the lease of the run writing now (see OutputLease)
 * </pre>
 *
 * <p>Each run writes into {@code _staging} and renames the finished directory into place, so a run killed mid-write
 * leaves no partial batch; the next run deletes the stale staging directory and redoes that work. Changed parameters
 * get a new {@code params=} directory beside the old one. Everything here runs under the output's lease: only one run
 * at a time changes the directory, so whatever is in {@code _staging} when a run starts belongs to a dead run.
 */
final class CurateOutput {
  /** Marks quarantined keys in the set of keys a run skips. */
  static final String QUARANTINED_PREFIX = "q:";

  final FileSystem fs;
  final Path out;
  private final String paramsHash;
  final String batchId;

  CurateOutput(String out, String paramsHash, Configuration hadoop) throws IOException {
    this.out = new Path(out);
    this.fs = this.out.getFileSystem(hadoop);
    this.paramsHash = paramsHash;
    this.batchId =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
            + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  Path framesVersion() {
    return new Path(out, "frames/params=" + paramsHash);
  }

  Path quarantineVersion() {
    return new Path(out, "quarantine/params=" + paramsHash);
  }

  Path staging(String table) {
    return new Path(out, "_staging/" + batchId + "/" + table);
  }

  /** Removes what killed runs left in {@code _staging}: their rows were never committed. */
  int clearStaleStaging() throws IOException {
    Path staging = new Path(out, "_staging");
    if (!fs.exists(staging)) {
      return 0;
    }
    FileStatus[] stale = fs.listStatus(staging);
    fs.delete(staging, true);
    return stale.length;
  }

  /** Keys of rows already curated, and of rows already quarantined (prefixed), under these parameters. */
  Set<String> existingKeys(SparkSession spark) throws IOException {
    Set<String> keys = new HashSet<>();
    StructType keyOnly = new StructType().add("row_key", DataTypes.StringType);
    // The frames a reader sees: the live batches of the newest generation, not every directory that is listed.
    if (!TableGenerations.liveBatches(fs, framesVersion()).isEmpty()) {
      for (Row r : TableGenerations.read(spark, framesVersion(), spark.read().schema(keyOnly)).collectAsList()) {
        keys.add(r.getString(0));
      }
    }
    if (hasBatches(quarantineVersion())) {
      for (Row r : spark.read().schema(keyOnly).parquet(quarantineVersion().toString()).collectAsList()) {
        keys.add(QUARANTINED_PREFIX + r.getString(0));
      }
    }
    return keys;
  }

  private boolean hasBatches(Path version) throws IOException {
    FileStatus[] batches = fs.exists(version) ? fs.globStatus(new Path(version, "batch=*")) : null;
    return batches != null && batches.length > 0;
  }

  /** Moves a finished staging table into its version directory; the rename is the commit. */
  Path commit(String table, Path version) throws IOException {
    Path src = staging(table);
    if (!fs.exists(new Path(src, "_SUCCESS"))) {
      throw new IOException("staging table " + src + " is incomplete (no _SUCCESS)");
    }
    fs.mkdirs(version);
    Path dst = new Path(version, "batch=" + batchId);
    if (!fs.rename(src, dst)) {
      throw new IOException("cannot rename " + src + " to " + dst);
    }
    return dst;
  }

  /**
   * Commits the staged frames: the rename puts the batch in place, the new generation makes it live. A crash between
   * the two leaves an unpublished batch that {@link TableGenerations#removeUnpublished} clears, and the next run redoes
   * its rows.
   */
  Path commitFrames(OutputLease lease) throws IOException {
    TableGenerations.Generation before = TableGenerations.current(fs, framesVersion());
    lease.verify();
    Path batch = commit("frames", framesVersion());
    lease.verify();
    TableGenerations.publish(fs, framesVersion(), TableGenerations.withBatch(before, batch.getName()), batchId);
    return batch;
  }

  /** Batches of dead runs that never became live; removed before this run reads the table. */
  List<String> removeUnpublished() throws IOException {
    return TableGenerations.removeUnpublished(fs, framesVersion());
  }

  void dropStaging() throws IOException {
    fs.delete(new Path(out, "_staging/" + batchId), true);
    Path staging = new Path(out, "_staging");
    FileStatus[] left = fs.exists(staging) ? fs.listStatus(staging) : null;
    if (left != null && left.length == 0) {
      fs.delete(staging, true);
    }
  }

  /** Writes a small file atomically: to a hidden temporary name, then renamed over the old one. */
  void writeAtomically(Path target, String text) throws IOException {
    Path tmp = new Path(target.getParent(), "._" + target.getName() + "." + batchId);
    try (OutputStream o = fs.create(tmp, true)) {
      o.write(Utf8.bytes(text));
    }
    if (fs.exists(target)) {
      fs.delete(target, false);
    }
    if (!fs.rename(tmp, target)) {
      throw new IOException("cannot rename " + tmp + " to " + target);
    }
  }

  Path summaryPath() {
    return new Path(out, "_summary.json");
  }

  Path runPath() {
    return new Path(out, "_runs/" + batchId + ".json");
  }

  Path paramsPath() {
    return new Path(framesVersion(), "_params.json");
  }
}
