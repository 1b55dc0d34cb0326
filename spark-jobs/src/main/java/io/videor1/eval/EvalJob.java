package io.videor1.eval;

import io.videor1.conf.ConfigLoader;
import io.videor1.curate.CurateConfig;
import io.videor1.curate.CurateJob;
import io.videor1.curate.CurateSummary;
import io.videor1.exec.HadoopConf;
import io.videor1.text.Utf8;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * {@code videor1 eval}: a benchmark file through the curation job (evaluation preset, 16/32/64 frames), the model's
 * answers generated on executors with the reference's evaluation settings, scores, and summaries.
 *
 * <p>Resumable: answers are stored per (model, settings) under {@code OUT/answers/run=KEY/}, and a re-run answers only
 * the questions missing there. Questions whose media is missing or cannot be decoded are skipped, counted and named in
 * the summary; they never stop the run.
 */
public final class EvalJob {
  private EvalJob() {}

  /** What one run did. */
  public record Result(String benchmark, long answeredNow, long answeredBefore, EvalSummary summary, String answersPath) {}

  public static Result run(SparkSession spark, EvalConfig cfg, PrintStream progress) throws IOException {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    CurateSummary curated = CurateJob.run(spark, curateConfig(cfg), progress);
    String benchmark = cfg.benchmarkName();
    String modelKey = modelKey(cfg.model(), hadoop);
    String runKey = sha256(modelKey + "\n" + cfg.settingsKey()).substring(0, 16);
    Path answers = new Path(cfg.out(), "answers/run=" + runKey);
    FileSystem fs = answers.getFileSystem(hadoop);
    Set<String> done = existingKeys(spark, fs, answers);

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Dataset<Row> questions = framesOf(spark, fs, curated.framesPath());
    Broadcast<Set<String>> doneB = jsc.broadcast(done);
    List<Row> pending = new ArrayList<>();
    long total = 0;
    if (questions != null) {
      Dataset<Row> todo = questions.filter((org.apache.spark.api.java.function.FilterFunction<Row>) r -> !doneB.value().contains(r.<String>getAs("row_key")));
      total = todo.count();
      if (total > 0) {
        LongAccumulator answered = spark.sparkContext().longAccumulator("answered");
        int parts = (int) Math.max(1, (total + cfg.questionsPerTask() - 1) / cfg.questionsPerTask());
        Path staging = new Path(cfg.out(), "answers/_staging/" + UUID.randomUUID());
        try (var p = new io.videor1.curate.Progress("eval", total, answered::value, cfg.progressIntervalSeconds(), progress)) {
          jsc.setJobDescription("videor1 eval: answer " + total + " " + benchmark + " questions (" + parts + " tasks)");
          var rows = todo.javaRDD().repartition(parts).mapPartitions(new EvalTask(cfg, modelKey, benchmark, new HadoopConf(hadoop), answered));
          spark.createDataFrame(rows, AnswerTable.SCHEMA).coalesce(1).write().parquet(staging.toString());
        }
        fs.mkdirs(answers);
        if (!fs.rename(staging, new Path(answers, "batch=" + System.currentTimeMillis() + "-" + UUID.randomUUID().toString().substring(0, 8)))) {
          throw new IOException("cannot commit answers from " + staging);
        }
        fs.delete(new Path(cfg.out(), "answers/_staging"), true);
      }
    }
    doneB.destroy();

    List<ScoredAnswer> all = new ArrayList<>();
    if (hasBatches(fs, answers)) {
      for (Row r : spark.read().schema(AnswerTable.SCHEMA).parquet(answers.toString()).collectAsList()) {
        all.add(AnswerTable.scored(r));
      }
    }
    EvalSummary summary = EvalSummary.of(benchmark, all, skippedMedia(spark, fs, curated.quarantinePath()));
    write(fs, new Path(cfg.out(), "summary.json"), EvalSummary.toJson(List.of(summary)));
    write(fs, new Path(cfg.out(), "summary.md"), EvalSummary.toMarkdown(List.of(summary)));
    return new Result(benchmark, total, done.size(), summary, answers.toString());
  }

  private static CurateConfig curateConfig(EvalConfig cfg) {
    return ConfigLoader.load(
        "curate",
        List.of(
            "curate.manifest=" + cfg.bench(), "curate.media_root=" + cfg.mediaRoot(),
            "curate.out=" + new Path(cfg.out(), "curated"), "curate.preset=eval", "curate.max_frames=" + cfg.frames(),
            "curate.progress_interval_s=" + cfg.progressIntervalSeconds()),
        CurateConfig::from);
  }

  private static Dataset<Row> framesOf(SparkSession spark, FileSystem fs, String framesPath) throws IOException {
    return hasBatches(fs, new Path(framesPath)) ? spark.read().parquet(framesPath) : null;
  }

  private static Set<String> existingKeys(SparkSession spark, FileSystem fs, Path answers) throws IOException {
    Set<String> keys = new HashSet<>();
    if (hasBatches(fs, answers)) {
      StructType keyOnly = new StructType().add("row_key", DataTypes.StringType);
      spark.read().schema(keyOnly).parquet(answers.toString()).collectAsList().forEach(r -> keys.add(r.getString(0)));
    }
    return keys;
  }

  /** The quarantined questions, as "media path: stage: reason" (or the manifest line when there is no path). */
  private static List<String> skippedMedia(SparkSession spark, FileSystem fs, String quarantinePath) throws IOException {
    List<String> out = new ArrayList<>();
    if (hasBatches(fs, new Path(quarantinePath))) {
      for (Row r : spark.read().parquet(quarantinePath).orderBy("manifest_line").collectAsList()) {
        String what = r.isNullAt(r.fieldIndex("media_path")) ? "line " + r.getAs("manifest_line") : r.getAs("media_path");
        out.add(what + ": " + r.getAs("stage") + ": " + r.getAs("reason"));
      }
    }
    return out;
  }

  private static boolean hasBatches(FileSystem fs, Path dir) throws IOException {
    FileStatus[] b = fs.exists(dir) ? fs.globStatus(new Path(dir, "batch=*")) : null;
    return b != null && b.length > 0;
  }

  /**
   * Names a model by what it is: its config.json and the names, sizes and modification times of its weight and
   * tokenizer files (hashing gigabytes of weights at every run would cost more than it tells).
   */
  static String modelKey(String dir, Configuration conf) throws IOException {
    Path p = new Path(dir);
    FileSystem fs = p.getFileSystem(conf);
    if (!fs.exists(new Path(p, "config.json"))) {
      throw new IOException("not a model directory (no config.json): " + dir);
    }
    StringBuilder sb = new StringBuilder();
    try (var in = fs.open(new Path(p, "config.json"))) {
      sb.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    FileStatus[] files = fs.listStatus(p);
    Arrays.sort(files, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
    for (FileStatus st : files) {
      String n = st.getPath().getName();
      if (n.endsWith(".safetensors") || n.startsWith("tokenizer")) {
        sb.append('\n').append(n).append(' ').append(st.getLen()).append(' ').append(st.getModificationTime());
      }
    }
    return sha256(sb.toString()).substring(0, 16);
  }

  private static void write(FileSystem fs, Path file, String text) throws IOException {
    try (OutputStream o = fs.create(file, true)) {
      o.write(Utf8.bytes(text));
    }
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
