package io.videor1.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.videor1.conf.ConfigLoader;
import io.videor1.curate.CurateConfig;
import io.videor1.curate.CurateJob;
import io.videor1.curate.CurateSummary;
import io.videor1.curate.FramesReader;
import io.videor1.media.DecodedMedia;
import io.videor1.media.FrameFormat;
import io.videor1.media.MediaDecoder;
import io.videor1.media.MediaException;
import io.videor1.vision.VisionBudget;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * Curation throughput against the ffmpeg CLI on the same videos with the same parallelism, and Parquet read-back
 * against decoding again, for each frame storage format. Prints medians of repeated runs and their ratios.
 */
public final class CurateBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What to run: the media folder, repetitions, cores (Spark slots and ffmpeg processes) and storage formats. */
  public record Options(Path videos, int repeat, int cores, List<String> formats, Path work) {}

  private CurateBenchmark() {}

  public static void run(Options o, SparkSession spark, PrintStream out) throws Exception {
    String ffmpeg = FfmpegCli.ensureInstalled();
    List<Path> files = usableVideos(o.videos());
    Path manifest = o.work().resolve("bench-manifest.jsonl");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      lines.add(record(i, o.videos().relativize(files.get(i)).toString()));
    }
    Files.write(manifest, lines);
    out.printf(Locale.ROOT, "curate bench: %d videos under %s, %d cores, %d repetitions after 1 warm-up (medians)%n",
        files.size(), o.videos(), o.cores(), o.repeat());

    // 1. Curation: videor1 (Spark local[cores]) against the ffmpeg CLI (cores processes at a time, -threads 1).
    curate(spark, o, manifest, o.work().resolve("warmup"), FrameFormat.RAW);
    double[] ours = new double[o.repeat()];
    long frames = 0;
    for (int r = 0; r < o.repeat(); r++) {
      long t0 = System.nanoTime();
      CurateSummary s = curate(spark, o, manifest, o.work().resolve("curate-" + r), FrameFormat.RAW);
      ours[r] = (System.nanoTime() - t0) / 1e9;
      frames = spark.read().parquet(s.framesPath()).selectExpr("sum(num_frames)").first().getLong(0);
    }
    double[] peer = new double[o.repeat()];
    for (int r = 0; r < o.repeat(); r++) {
      peer[r] = ffmpegPass(files, o, o.work().resolve("ffmpeg-" + r));
    }
    double mOurs = median(ours);
    double mPeer = median(peer);
    out.printf(Locale.ROOT, "  videor1 curate (Spark local[%d], raw):       %7.2f s  %6.2f videos/s  %7.1f frames/s%n",
        o.cores(), mOurs, files.size() / mOurs, frames / mOurs);
    out.printf(Locale.ROOT, "  %s (%d processes, -threads 1): %7.2f s  %6.2f videos/s  %7.1f frames/s%n",
        ffmpeg, o.cores(), mPeer, files.size() / mPeer, frames / mPeer);
    out.printf(Locale.ROOT, "  speed ratio videor1 / ffmpeg CLI: %.2fx (target >= 1.00: %s)   runs: ours %s, ffmpeg %s%n",
        mPeer / mOurs, mPeer / mOurs >= 1 ? "met" : "NOT met", fmt(ours), fmt(peer));

    // 2. Read-back per storage format, against decoding the videos again.
    double[] decode = new double[o.repeat()];
    decodeAgain(files, o); // warm-up: the JIT, like a long-running executor
    for (int r = 0; r < o.repeat(); r++) {
      decode[r] = decodeAgain(files, o);
    }
    double mDecode = median(decode);
    out.printf(Locale.ROOT, "  decode again (MediaDecoder, %d threads):       %7.3f s   runs %s%n", o.cores(), mDecode, fmt(decode));
    for (String spec : o.formats()) {
      String[] fc = spec.split(":");
      FrameFormat f = FrameFormat.parse(fc[0]);
      String codec = fc.length > 1 ? fc[1] : "zstd";
      CurateSummary s = curate(spark, o, manifest, o.work().resolve("format-" + spec.replace(':', '-')), f, codec,
              (files.size() + o.cores() - 1) / o.cores()); // one Parquet file per reading thread, as a table of big files
      long bytes = parquetBytes(Path.of(java.net.URI.create(toUri(s.framesPath()))));
      double[] read = new double[o.repeat()];
      for (int w = 0; w < 3; w++) {
        readBack(s.framesPath(), o); // warm-up: the JIT compiles the Parquet reader
      }
      for (int r = 0; r < o.repeat(); r++) {
        read[r] = readBack(s.framesPath(), o);
      }
      double mRead = median(read);
      out.printf(Locale.ROOT, "  read back %-10s: %8.1f MB on disk, %7.3f s, %6.1f MB/s of pixels; decode-again / read = %6.1fx (target >= 20: %s)%n",
          f.name().toLowerCase(Locale.ROOT) + "/" + codec, bytes / 1e6, mRead, pixelBytes(spark, s.framesPath()) / 1e6 / mRead,
          mDecode / mRead, mDecode / mRead >= 20 ? "met" : "NOT met");
    }
  }

  /** A throughput run: one video per task, so the two cores stay busy to the end as the ffmpeg pool does. */
  private static CurateSummary curate(SparkSession spark, Options o, Path manifest, Path out, FrameFormat f) throws IOException {
    return curate(spark, o, manifest, out, f, "zstd", 1);
  }

  private static CurateSummary curate(
      SparkSession spark, Options o, Path manifest, Path out, FrameFormat f, String codec, int mediaPerTask)
      throws IOException {
    CurateConfig cfg =
        ConfigLoader.load(
            "curate",
            List.of(
                "curate.manifest=" + manifest, "curate.media_root=" + o.videos(), "curate.out=" + out,
                "curate.frame_format=" + f.name().toLowerCase(Locale.ROOT), "curate.media_per_task=" + mediaPerTask,
                "curate.progress_interval_s=0", "curate.parquet_compression=" + codec),
            CurateConfig::from);
    return CurateJob.run(spark, cfg, null);
  }

  private static double ffmpegPass(List<Path> files, Options o, Path dir) throws Exception {
    Files.createDirectories(dir);
    VisionBudget budget = VisionBudget.train();
    ExecutorService pool = Executors.newFixedThreadPool(o.cores());
    try {
      long t0 = System.nanoTime();
      List<Future<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        Path f = files.get(i);
        Path target = dir.resolve(i + ".rgb");
        futures.add(pool.submit(() -> FfmpegCli.sample(f, target, budget, true)));
      }
      for (Future<Integer> fu : futures) {
        fu.get();
      }
      return (System.nanoTime() - t0) / 1e9;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Decodes every video again, {@code cores} files at a time in this process. */
  private static double decodeAgain(List<Path> files, Options o) throws Exception {
    return timeParallel(files, o.cores(), p ->
        (long) MediaDecoder.decode(p, MediaDecoder.Kind.VIDEO, VisionBudget.train(), MediaDecoder.Options.defaults())
            .frames().size());
  }

  /** Reads every stored frame back to RGB, {@code cores} Parquet files at a time in this process. */
  private static double readBack(String framesPath, Options o) throws Exception {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    List<org.apache.hadoop.fs.Path> parts = FramesReader.files(new org.apache.hadoop.fs.Path(framesPath), conf);
    List<Path> local = parts.stream().map(p -> Path.of(p.toUri())).collect(Collectors.toList());
    return timeParallel(local, o.cores(), p -> {
      long n = 0;
      try (FramesReader r = FramesReader.open(new org.apache.hadoop.fs.Path(p.toUri()), conf)) {
        for (FramesReader.Frames f = r.next(); f != null; f = r.next()) {
          for (java.nio.ByteBuffer b : f.rgb()) {
            n += b.get(b.limit() - 1) & 1; // touch the last pixel byte so nothing is skipped
            n += 1;
          }
        }
      }
      return n;
    });
  }

  private interface Work {
    long apply(Path p) throws Exception;
  }

  private static double timeParallel(List<Path> items, int cores, Work work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(cores);
    try {
      long t0 = System.nanoTime();
      List<Future<Long>> fs = new ArrayList<>();
      for (Path p : items) {
        fs.add(pool.submit(() -> work.apply(p)));
      }
      long total = 0;
      for (Future<Long> f : fs) {
        total += f.get();
      }
      if (total <= 0) {
        throw new IllegalStateException("no frames");
      }
      return (System.nanoTime() - t0) / 1e9;
    } finally {
      pool.shutdownNow();
    }
  }

  private static long pixelBytes(SparkSession spark, String framesPath) {
    return spark.read().parquet(framesPath).selectExpr("sum(num_frames * resized_height * resized_width * 3)").first().getLong(0);
  }

  /** The files under {@code dir} that decode as videos; the others are left out of both sides. */
  static List<Path> usableVideos(Path dir) throws IOException {
    List<Path> all;
    try (Stream<Path> s = Files.walk(dir)) {
      all = s.filter(Files::isRegularFile).filter(p -> !p.toString().matches(".*\\.(png|jpe?g|json|md|txt|zip)$")).sorted().collect(Collectors.toList());
    }
    List<Path> ok = new ArrayList<>();
    for (Path p : all) {
      try {
        DecodedMedia m = MediaDecoder.decode(p, MediaDecoder.Kind.VIDEO, VisionBudget.train(), MediaDecoder.Options.defaults());
        if (m.frames().size() >= 2) {
          ok.add(p);
        }
      } catch (MediaException e) {
        // broken files are quarantined by the job; they are not throughput
      }
    }
    if (ok.isEmpty()) {
      throw new IOException("no decodable videos under " + dir);
    }
    return ok;
  }

  private static long parquetBytes(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static String toUri(String path) {
    return path.contains(":") ? path : Path.of(path).toUri().toString();
  }

  private static String record(int id, String relPath) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("problem_id", id);
    n.put("problem", "What happens in the video?");
    n.put("data_type", "video");
    n.put("problem_type", "free-form");
    n.putArray("options");
    n.put("solution", "<answer>something</answer>");
    n.put("path", "./" + relPath);
    return JSON.writeValueAsString(n);
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static String fmt(double[] v) {
    return Arrays.stream(v).mapToObj(x -> String.format(Locale.ROOT, "%.2f", x)).collect(Collectors.joining("/"));
  }
}
