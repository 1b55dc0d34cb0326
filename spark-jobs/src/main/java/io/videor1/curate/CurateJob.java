package io.videor1.curate;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
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
 * Every record ends up counted once: written, quarantined with its reason, or skipped.
 */
public final class CurateJob {
  private CurateJob() {}

  /** Runs the job; progress lines go to {@code progress} (null for none). */
  public static CurateSummary run(SparkSession spark, CurateConfig cfg, PrintStream progress) throws IOException {
    long start = System.nanoTime();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String paramsHash = cfg.paramsHash();
    CurateOutput output = new CurateOutput(cfg.out(), paramsHash, hadoop);
    output.clearStaleStaging();

    jsc.setJobDescription("videor1 curate: read existing row keys (params=" + paramsHash + ")");
    Set<String> existing = output.existingKeys(spark);
    List<ManifestLine> lines = ManifestReader.read(cfg.manifest(), hadoop);

    List<QuarantineEntry> quarantine = new ArrayList<>();
    long skippedQuarantinedOnDriver = 0;
    Map<String, MediaGroup> groups = new LinkedHashMap<>();
    for (ManifestLine line : lines) {
      ManifestRecord r;
      try {
        r = ManifestRecord.parse(line);
      } catch (IllegalArgumentException e) {
        String key = CurateTask.rowKey(paramsHash, line.raw(), "no-media");
        if (existing.contains(CurateOutput.QUARANTINED_PREFIX + key)) {
          skippedQuarantinedOnDriver++;
        } else {
          String stage = e.getMessage().contains("media path") ? "resolve" : "manifest";
          quarantine.add(new QuarantineEntry(key, line.line(), line.raw(), null, stage, e.getMessage()));
        }
        continue;
      }
      groups
          .computeIfAbsent(r.dataType() + "\u0000" + r.mediaPath(), k -> new MediaGroup(r.mediaPath(), r.dataType(), new ArrayList<>()))
          .records()
          .add(r);
    }

    Broadcast<Set<String>> existingB = jsc.broadcast(existing);
    CollectionAccumulator<QuarantineEntry> quarantinedAcc = spark.sparkContext().collectionAccumulator("quarantined");
    LongAccumulator skippedCurated = spark.sparkContext().longAccumulator("skipped_curated");
    LongAccumulator skippedQuarantined = spark.sparkContext().longAccumulator("skipped_quarantined");
    LongAccumulator written = spark.sparkContext().longAccumulator("written");
    CurateTask task =
        new CurateTask(
            cfg, new HadoopConf(hadoop), existingB, quarantinedAcc, skippedCurated, skippedQuarantined, written);

    List<MediaGroup> work = new ArrayList<>(groups.values());
    int slices = Math.max(1, Math.min(20_000, (work.size() + cfg.mediaPerTask() - 1) / cfg.mediaPerTask()));
    long driverDone = quarantine.size() + skippedQuarantinedOnDriver;
    try (Progress p =
        new Progress(
            "curate",
            lines.size(),
            () -> driverDone + written.value() + quarantinedAcc.value().size() + skippedCurated.value()
                + skippedQuarantined.value(),
            cfg.progressIntervalSeconds(),
            progress)) {
      jsc.setJobDescription(
          "videor1 curate: decode, sample and write frames (" + work.size() + " media files, " + slices + " tasks)");
      JavaRDD<Row> rows = jsc.parallelize(work, slices).flatMap(task);
      spark
          .createDataFrame(rows, CurateSchemas.FRAMES)
          .write()
          .option("compression", cfg.parquetCompression())
          .parquet(output.staging("frames").toString());
    }
    quarantine.addAll(quarantinedAcc.value());

    String framesBatch = null;
    if (written.value() > 0) {
      output.writeAtomically(output.paramsPath(), new CurateSummaryParams(cfg).toJson());
      framesBatch = output.commit("frames", output.framesVersion()).toString();
    }
    String quarantineBatch = null;
    if (!quarantine.isEmpty()) {
      jsc.setJobDescription("videor1 curate: write " + quarantine.size() + " quarantine rows");
      List<Row> qrows = new ArrayList<>();
      for (QuarantineEntry q : quarantine) {
        qrows.add(CurateSchemas.quarantineRow(q, paramsHash));
      }
      spark.createDataFrame(qrows, CurateSchemas.QUARANTINE).coalesce(1).write().parquet(output.staging("quarantine").toString());
      quarantineBatch = output.commit("quarantine", output.quarantineVersion()).toString();
    }
    output.dropStaging();
    existingB.destroy();

    Map<String, Long> byStage = new TreeMap<>();
    for (QuarantineEntry q : quarantine) {
      byStage.merge(q.stage(), 1L, Long::sum);
    }
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("manifest", cfg.manifest());
    inputs.put("media_root", cfg.mediaRoot());
    inputs.put("out", cfg.out());
    inputs.put("preset", cfg.preset());
    inputs.put("frames_batch", framesBatch);
    inputs.put("quarantine_batch", quarantineBatch);
    long skipped = skippedCurated.value() + skippedQuarantined.value() + skippedQuarantinedOnDriver;
    CurateSummary summary =
        new CurateSummary(
            lines.size(),
            written.value(),
            quarantine.size(),
            skipped,
            skippedCurated.value(),
            skippedQuarantined.value() + skippedQuarantinedOnDriver,
            work.size(),
            byStage,
            paramsHash,
            output.batchId,
            output.framesVersion().toString(),
            output.quarantineVersion().toString(),
            (System.nanoTime() - start) / 1e9,
            cfg.preprocessingParameters(),
            inputs);
    output.writeAtomically(output.summaryPath(), summary.toJson());
    return summary;
  }
}
