package io.videor1.curate;

import io.videor1.curate.CurateSchemas.EncodedMedia;
import io.videor1.exec.HadoopConf;
import io.videor1.media.DecodedMedia;
import io.videor1.media.MediaDecoder;
import io.videor1.media.MediaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;

/**
 * The work of one Spark task on one media file: hash it, skip the records already curated, decode once, and emit a
 * frames row per record (or a quarantine entry with the reason).
 *
 * <p>Runs on executors. A record's key is the hash of its manifest text, of the media bytes and of the preprocessing
 * parameters, so a re-run skips exactly the rows whose inputs did not change.
 */
final class CurateTask implements FlatMapFunction<MediaGroup, Row> {
  private final CurateConfig cfg;
  private final String paramsHash;
  private final HadoopConf hadoop;
  private final Broadcast<Set<String>> existing;
  private final CollectionAccumulator<QuarantineEntry> quarantined;
  private final LongAccumulator skippedCurated;
  private final LongAccumulator skippedQuarantined;
  private final LongAccumulator written;

  CurateTask(
      CurateConfig cfg,
      HadoopConf hadoop,
      Broadcast<Set<String>> existing,
      CollectionAccumulator<QuarantineEntry> quarantined,
      LongAccumulator skippedCurated,
      LongAccumulator skippedQuarantined,
      LongAccumulator written) {
    this.cfg = cfg;
    this.paramsHash = cfg.paramsHash();
    this.hadoop = hadoop;
    this.existing = existing;
    this.quarantined = quarantined;
    this.skippedCurated = skippedCurated;
    this.skippedQuarantined = skippedQuarantined;
    this.written = written;
  }

  /** The key of a record: params, manifest text and media content. */
  static String rowKey(String paramsHash, String raw, String contentHash) {
    return CurateConfig.sha256(paramsHash + "\n" + raw + "\n" + contentHash);
  }

  @Override
  public Iterator<Row> call(MediaGroup g) throws IOException {
    Path path = new Path(cfg.mediaRoot(), g.mediaPath());
    FileSystem fs = path.getFileSystem(hadoop.get());
    FileStatus st = fs.exists(path) ? fs.getFileStatus(path) : null;
    if (st == null || st.isDirectory()) {
      String reason = st == null ? "media file not found: " + g.mediaPath() : "media path is a directory: " + g.mediaPath();
      for (ManifestRecord r : pending(g.records(), "missing")) {
        quarantine(r, rowKey(paramsHash, r.raw(), "missing"), "resolve", reason);
      }
      return List.<Row>of().iterator();
    }
    java.nio.file.Path local = localFile(fs, path);
    boolean temporary = local == null;
    String contentHash;
    if (temporary) {
      local = Files.createTempFile("videor1-media-", suffixOf(g.mediaPath()));
      contentHash = copyAndHash(fs.open(path), Files.newOutputStream(local));
    } else {
      contentHash = copyAndHash(Files.newInputStream(local), OutputStream.nullOutputStream());
    }
    try {
      List<ManifestRecord> todo = pending(g.records(), contentHash);
      if (todo.isEmpty()) {
        return List.<Row>of().iterator();
      }
      EncodedMedia media;
      try {
        media = decode(local, g.dataType(), st.getLen(), contentHash);
      } catch (MediaException e) {
        for (ManifestRecord r : todo) {
          quarantine(r, rowKey(paramsHash, r.raw(), contentHash), e.stage(), e.getMessage());
        }
        return List.<Row>of().iterator();
      }
      List<Row> rows = new ArrayList<>(todo.size());
      for (ManifestRecord r : todo) {
        rows.add(CurateSchemas.framesRow(r, rowKey(paramsHash, r.raw(), contentHash), paramsHash, media));
      }
      written.add(rows.size());
      return rows.iterator();
    } finally {
      if (temporary) {
        Files.deleteIfExists(local);
      }
    }
  }

  /**
   * The records whose key is not in the previous output, each key once; the others are counted as skipped (a repeat
   * within the run as already curated).
   */
  private List<ManifestRecord> pending(List<ManifestRecord> records, String contentHash) {
    Set<String> done = existing.value();
    List<ManifestRecord> todo = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ManifestRecord r : records) {
      String key = rowKey(paramsHash, r.raw(), contentHash);
      // A record repeated in this run's manifests (day files that overlap) has one key and gets one row.
      if (done.contains(key) || !seen.add(key)) {
        skippedCurated.add(1);
      } else if (done.contains(CurateOutput.QUARANTINED_PREFIX + key)) {
        skippedQuarantined.add(1);
      } else {
        todo.add(r);
      }
    }
    return todo;
  }

  private EncodedMedia decode(java.nio.file.Path local, String dataType, long bytes, String contentHash)
      throws MediaException {
    MediaDecoder.Kind kind = dataType.equals("image") ? MediaDecoder.Kind.IMAGE : MediaDecoder.Kind.VIDEO;
    DecodedMedia m;
    try {
      m = MediaDecoder.decode(local, kind, cfg.budget(), cfg.decoderOptions());
    } catch (RuntimeException e) {
      throw new MediaException("decode", "decoder failed: " + e);
    }
    byte[][] stored = new byte[m.frames().size()][];
    try {
      for (int i = 0; i < stored.length; i++) {
        stored[i] = cfg.frameFormat().encode(m.frames().get(i), m.resizedHeight(), m.resizedWidth(), cfg.jpegQuality());
      }
    } catch (RuntimeException e) {
      throw new MediaException("encode", "cannot store frames as " + cfg.frameFormat() + ": " + e.getMessage());
    }
    return new EncodedMedia(m, stored, cfg.frameFormat().name().toLowerCase(Locale.ROOT), bytes, contentHash);
  }

  private void quarantine(ManifestRecord r, String key, String stage, String reason) {
    quarantined.add(new QuarantineEntry(key, r.line(), r.raw(), r.mediaPath(), stage, reason));
  }

  private static java.nio.file.Path localFile(FileSystem fs, Path path) {
    if (fs instanceof LocalFileSystem lfs) {
      return lfs.pathToFile(path).toPath();
    }
    if (fs instanceof RawLocalFileSystem raw) {
      return raw.pathToFile(path).toPath();
    }
    return null; // a remote FileSystem: the bytes are copied to a local temporary file for FFmpeg
  }

  private static String suffixOf(String mediaPath) {
    int dot = mediaPath.lastIndexOf('.');
    int slash = mediaPath.lastIndexOf('/');
    return dot > slash ? mediaPath.substring(dot) : "";
  }

  private static String copyAndHash(InputStream in, OutputStream out) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (DigestInputStream din = new DigestInputStream(in, md);
        OutputStream o = out) {
      din.transferTo(o);
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
