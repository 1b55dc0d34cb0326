package io.videor1.curate;

import com.typesafe.config.Config;
import io.videor1.media.FrameFormat;
import io.videor1.media.MediaDecoder;
import io.videor1.vision.VisionBudget;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The resolved configuration of {@code videor1 curate}: one immutable record, validated on construction.
 *
 * <p>Every message names the configuration key and what it allows, so a typo is reported before Spark starts.
 */
public record CurateConfig(
    String manifest,
    String mediaRoot,
    String out,
    String preset,
    VisionBudget budget,
    FrameFormat frameFormat,
    int jpegQuality,
    String parquetCompression,
    boolean applySampleAspectRatio,
    int decoderThreads,
    boolean skipNonrefFrames,
    int mediaPerTask,
    int progressIntervalSeconds,
    LockSettings lock,
    double maxQuarantineRate)
    implements Serializable {

  /** Bumped whenever the preprocessing changes what bytes a given input produces. */
  public static final String PREPROCESS_VERSION = "curate-v1";

  private static final Set<String> CODECS = Set.of("zstd", "snappy", "gzip", "lz4_raw", "none");

  public CurateConfig {
    require(!manifest.isBlank(), "curate.manifest", "a manifest path (--manifest)");
    require(!mediaRoot.isBlank(), "curate.media_root", "a media directory (--media-root)");
    require(!out.isBlank(), "curate.out", "an output directory (--out)");
    require(jpegQuality >= 1 && jpegQuality <= 100, "curate.jpeg_quality", "1 to 100, got " + jpegQuality);
    require(
        CODECS.contains(parquetCompression),
        "curate.parquet_compression",
        "one of " + CODECS + ", got '" + parquetCompression + "'");
    require(decoderThreads >= 1 && decoderThreads <= 64, "curate.decoder_threads", "1 to 64, got " + decoderThreads);
    require(mediaPerTask >= 1, "curate.media_per_task", ">= 1, got " + mediaPerTask);
    require(progressIntervalSeconds >= 0, "curate.progress_interval_s", ">= 0, got " + progressIntervalSeconds);
    require(
        maxQuarantineRate >= 0 && maxQuarantineRate <= 1,
        "curate.max_quarantine_rate",
        "in [0, 1] (1 turns the alarm off), got " + maxQuarantineRate);
  }

  private static void require(boolean ok, String key, String allowed) {
    if (!ok) {
      throw new IllegalArgumentException(key + " must be " + allowed);
    }
  }

  /** Maps the resolved HOCON (keys under {@code curate.}) to the record. */
  public static CurateConfig from(Config c) {
    Config k = c.getConfig("curate");
    double fps = k.getDouble("fps");
    require(fps > 0 && fps <= 120, "curate.fps", "in (0, 120], got " + fps);
    int minFrames = k.getInt("min_frames");
    int maxFrames = k.getInt("max_frames");
    require(minFrames >= 1, "curate.min_frames", ">= 1, got " + minFrames);
    require(
        maxFrames >= 2 && maxFrames <= 768 && maxFrames >= minFrames,
        "curate.max_frames",
        "2 to 768 and >= curate.min_frames, got " + maxFrames);
    long vMin = positive(k, "video_min_pixels");
    long vMax = positive(k, "video_max_pixels");
    require(vMax >= vMin, "curate.video_max_pixels", ">= curate.video_min_pixels, got " + vMax);
    long iMin = positive(k, "image_min_pixels");
    long iMax = positive(k, "image_max_pixels");
    require(iMax >= iMin, "curate.image_max_pixels", ">= curate.image_min_pixels, got " + iMax);
    String format = k.getString("frame_format");
    FrameFormat frameFormat;
    try {
      frameFormat = FrameFormat.parse(format);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("curate.frame_format must be one of raw, png, jpeg, got '" + format + "'");
    }
    VisionBudget budget =
        new VisionBudget(fps, minFrames, maxFrames, vMin, vMax, positive(k, "video_total_pixels"), iMin, iMax);
    return new CurateConfig(
        k.getString("manifest"),
        k.getString("media_root"),
        k.getString("out"),
        k.getString("preset"),
        budget,
        frameFormat,
        k.getInt("jpeg_quality"),
        k.getString("parquet_compression").toLowerCase(Locale.ROOT),
        k.getBoolean("apply_sample_aspect_ratio"),
        k.getInt("decoder_threads"),
        k.getBoolean("skip_nonref_frames"),
        k.getInt("media_per_task"),
        k.getInt("progress_interval_s"),
        new LockSettings("curate", k.getInt("lock_wait_s"), k.getInt("lock_stale_s")),
        k.getDouble("max_quarantine_rate"));
  }

  private static long positive(Config k, String key) {
    long v = k.getLong(key);
    require(v >= 1, "curate." + key, ">= 1, got " + v);
    return v;
  }

  /** Decoder settings. */
  public MediaDecoder.Options decoderOptions() {
    return new MediaDecoder.Options(applySampleAspectRatio, decoderThreads, skipNonrefFrames);
  }

  /**
   * The parameters that decide the stored bytes, in a stable order. Decoder speed settings are left out: they do not
   * change the output.
   */
  public Map<String, Object> preprocessingParameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("version", PREPROCESS_VERSION);
    p.put("fps", budget.fps());
    p.put("min_frames", budget.minFrames());
    p.put("max_frames", budget.maxFrames());
    p.put("video_min_pixels", budget.videoMinPixels());
    p.put("video_max_pixels", budget.videoMaxPixels());
    p.put("video_total_pixels", budget.videoTotalPixels());
    p.put("image_min_pixels", budget.imageMinPixels());
    p.put("image_max_pixels", budget.imageMaxPixels());
    p.put("frame_format", frameFormat.name().toLowerCase(Locale.ROOT));
    if (frameFormat == FrameFormat.JPEG) {
      p.put("jpeg_quality", jpegQuality);
    }
    p.put("apply_sample_aspect_ratio", applySampleAspectRatio);
    p.put("resize_filter", "swscale-bicubic");
    return p;
  }

  /** A short hash of {@link #preprocessingParameters()}: the version directory {@code params=<hash>}. */
  public String paramsHash() {
    return sha256(preprocessingParameters().toString()).substring(0, 16);
  }

  static String sha256(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
