package io.videor1.curate;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import io.videor1.exec.HadoopConf;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * The curation job: a Video-R1 manifest to sampled frames in Parquet (spec §1 and §3).
 *
 * <p>The driver reads and validates the manifest, groups records by media file and skips rows curated before; tasks
 * hash, decode and encode each file once; rows go to a staging directory that is renamed into place at the end.
 * Every record ends up counted once: written, quarantined with its reason, or skipped. The whole run holds the output's
 * lease ({@link OutputLease}), so overlapping scheduled runs take turns instead of writing the same rows twice.
 */
public final class CurateJob {
  private CurateJob() {}

  /** What the executors reported: accumulators are merged once per successful task. */
  private record TaskCounters(
      CollectionAccumulator<QuarantineEntry> quarantined,
      LongAccumulator skippedCurated,
      LongAccumulator skippedQuarantined,
      LongAccumulator written) {
    static TaskCounters create(SparkSession spark) {
      var sc = spark.sparkContext();
      return new TaskCounters(
          sc.collectionAccumulator("quarantined"), sc.longAccumulator("skipped_curated"),
          sc.longAccumulator("skipped_quarantined"), sc.longAccumulator("written"));
    }

    long done() {
      return written.value() + quarantined.value().size() + skippedCurated.value() + skippedQuarantined.value();
    }
  }

  /**
   * Runs the job under the output's lease; progress lines go to {@code progress} (null for none).
   *
   * @throws LockHeldException when another live run holds the lease after {@code curate.lock_wait_s}
   */
  public static CurateSummary run(SparkSession spark, CurateConfig cfg, PrintStream progress) throws IOException {
    long start = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    CurateOutput output = new CurateOutput(cfg.out(), cfg.paramsHash(), hadoop);
    List<Path> manifests = ManifestFiles.resolve(cfg.manifest(), hadoop); // a bad --manifest needs no lease
    try (OutputLease lease = OutputLease.acquire(output.fs, output.out, "curate", output.batchId, cfg.lock(), progress)) {
      // Under the lease nobody else writes here: staging and unpublished batches are what dead runs left.
      output.clearStaleStaging();
      output.removeUnpublished();
      return curate(spark, cfg, progress, output, lease, manifests, start);
    }
  }

  private static CurateSummary curate(SparkSession spark, CurateConfig cfg, PrintStream progress, CurateOutput output,
      OutputLease lease, List<Path> manifests, long start) throws IOException {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    jsc.setJobDescription("videor1 curate: read existing row keys (params=" + cfg.paramsHash() + ")");
    Set<String> existing = output.existingKeys(spark);
    List<ManifestLine> lines = ManifestFiles.readAll(manifests, hadoop);
    CurationPlan plan = CurationPlan.of(lines, existing, cfg.paramsHash());

    TaskCounters counters = TaskCounters.create(spark);
    Broadcast<Set<String>> existingB = jsc.broadcast(existing);
    try {
      writeFrames(spark, cfg, plan, existingB, counters, output, lines.size(), progress);
    } finally {
      existingB.destroy();
    }
    List<QuarantineEntry> quarantine = new ArrayList<>(plan.quarantine());
    quarantine.addAll(counters.quarantined().value());

    String framesBatch = null;
    if (counters.written().value() > 0) {
      output.writeAtomically(output.paramsPath(), new CurateSummaryParams(cfg).toJson());
      framesBatch = output.commitFrames(lease).toString();
    }
    String quarantineBatch = writeQuarantine(spark, quarantine, output, cfg.paramsHash(), lease);
    output.dropStaging();

    CurateSummary summary = summarize(cfg, plan, counters, quarantine, output, framesBatch, quarantineBatch,
        lines.size(), manifests, lease.takenOverFrom(), start);
    output.writeAtomically(output.runPath(), summary.toJson());
    output.writeAtomically(output.summaryPath(), summary.toJson());
    return summary;
  }

  /** The executors' stage: hash, decode, sample and encode each media file once; write rows to staging. */
  private static void writeFrames(
      SparkSession spark,
      CurateConfig cfg,
      CurationPlan plan,
      Broadcast<Set<String>> existing,
      TaskCounters c,
      CurateOutput output,
      long total,
      PrintStream progress) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    CurateTask task =
        new CurateTask(
            cfg, new HadoopConf(spark.sparkContext().hadoopConfiguration()), existing, c.quarantined(),
            c.skippedCurated(), c.skippedQuarantined(), c.written());
    List<MediaGroup> work = plan.groups();
    int slices = Math.max(1, Math.min(20_000, (work.size() + cfg.mediaPerTask() - 1) / cfg.mediaPerTask()));
    long driverDone = plan.quarantine().size() + plan.skippedQuarantined();
    try (Progress p = new Progress("curate", total, () -> driverDone + c.done(), cfg.progressIntervalSeconds(), progress)) {
      jsc.setJobDescription(
          "videor1 curate: decode, sample and write frames (" + work.size() + " media files, " + slices + " tasks)");
      spark
          .createDataFrame(jsc.parallelize(work, slices).flatMap(task), CurateSchemas.FRAMES)
          .write()
          .option("compression", cfg.parquetCompression())
          .parquet(output.staging("frames").toString());
    }
  }

  private static String writeQuarantine(SparkSession spark, List<QuarantineEntry> quarantine, CurateOutput output,
      String paramsHash, OutputLease lease) throws IOException {
    if (quarantine.isEmpty()) {
      return null;
    }
    JavaSparkContext.fromSparkContext(spark.sparkContext())
        .setJobDescription("videor1 curate: write " + quarantine.size() + " quarantine rows");
    List<Row> rows = new ArrayList<>();
    for (QuarantineEntry q : quarantine) {
      rows.add(CurateSchemas.quarantineRow(q, paramsHash));
    }
    spark.createDataFrame(rows, CurateSchemas.QUARANTINE).coalesce(1).write().parquet(output.staging("quarantine").toString());
    lease.verify();
    return output.commit("quarantine", output.quarantineVersion()).toString();
  }

  private static CurateSummary summarize(
      CurateConfig cfg,
      CurationPlan plan,
      TaskCounters c,
      List<QuarantineEntry> quarantine,
      CurateOutput output,
      String framesBatch,
      String quarantineBatch,
      long rowsIn,
      List<Path> manifests,
      LeaseInfo takenOver,
      long start) {
    Map<String, Long> byStage = new TreeMap<>();
    for (QuarantineEntry q : quarantine) {
      byStage.merge(q.stage(), 1L, Long::sum);
    }
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("manifest", cfg.manifest());
    inputs.put("lease_taken_over_from", takenOver == null ? null : takenOver.owner());
    inputs.put("media_root", cfg.mediaRoot());
    inputs.put("out", cfg.out());
    inputs.put("preset", cfg.preset());
    inputs.put("frames_batch", framesBatch);
    inputs.put("quarantine_batch", quarantineBatch);
    long skippedQuarantined = c.skippedQuarantined().value() + plan.skippedQuarantined();
    Map<String, Long> top = QuarantineAlarm.topReasons(quarantine, 3);
    List<String> files = manifests.stream().map(Path::toString).toList();
    return new CurateSummary(
        rowsIn,
        c.written().value(),
        quarantine.size(),
        c.skippedCurated().value() + skippedQuarantined,
        c.skippedCurated().value(),
        skippedQuarantined,
        plan.groups().size(),
        byStage,
        cfg.paramsHash(),
        output.batchId,
        output.framesVersion().toString(),
        output.quarantineVersion().toString(),
        (System.nanoTime() - start) / 1e9,
        cfg.preprocessingParameters(),
        inputs,
        files,
        top,
        QuarantineAlarm.check(c.written().value(), quarantine.size(), top, cfg.maxQuarantineRate()));
  }
}
