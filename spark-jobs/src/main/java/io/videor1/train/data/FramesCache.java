package io.videor1.train.data;

import io.videor1.curate.FramesReader;
import io.videor1.prompt.PromptMeta;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The frames of curated records on an executor, read from their Parquet file and kept per JVM in a bounded LRU.
 *
 * <p>A curation file holds a few records ({@code curate.media_per_task}), so fetching one record reads one small
 * file; the records read with it are kept, since prompt sampling revisits every record once per epoch.
 */
public final class FramesCache {
  /** Bytes of pixels kept per JVM. */
  static final long BUDGET = Long.getLong("videor1.frames.cache.bytes", 512L << 20);

  private record Entry(Map<String, byte[][]> frames, long bytes) {}

  private static final LinkedHashMap<String, Entry> FILES = new LinkedHashMap<>(16, 0.75f, true);
  private static long bytes;

  private FramesCache() {}

  /** The RGB frames of {@code m}, each {@code height·width·3} bytes, read through {@code conf}. */
  public static byte[][] frames(PromptMeta m, Configuration conf) throws IOException {
    Entry e;
    synchronized (FramesCache.class) {
      e = FILES.get(m.file());
    }
    if (e == null) {
      e = read(m.file(), conf);
      synchronized (FramesCache.class) {
        if (!FILES.containsKey(m.file())) {
          FILES.put(m.file(), e);
          bytes += e.bytes();
          evict();
        }
      }
    }
    byte[][] f = e.frames().get(m.rowKey());
    if (f == null) {
      throw new IOException("row " + m.rowKey() + " not found in " + m.file());
    }
    return checked(m, f);
  }

  /**
   * {@code f} if it is a usable sample of {@code m}: at least one frame, each {@code height·width·3} bytes. A table
   * written by another tool, or damaged in storage, fails here with the record named, so the trainer records the
   * prompt as failed in the ledger instead of feeding the model garbage.
   */
  static byte[][] checked(PromptMeta m, byte[][] f) throws IOException {
    String what = "record " + m.rowKey() + " (problem " + m.problemId() + ") in " + m.file();
    if (f.length == 0) {
      throw new IOException(what + ": its frames decode to nothing (0 frames stored)");
    }
    long expected = (long) m.height() * m.width() * 3;
    for (int i = 0; i < f.length; i++) {
      if (f[i] == null || f[i].length != expected) {
        throw new IOException(what + ": frame " + i + " holds " + (f[i] == null ? 0 : f[i].length) + " bytes, not "
            + m.height() + "x" + m.width() + "x3 = " + expected);
      }
    }
    return f;
  }

  private static Entry read(String file, Configuration conf) throws IOException {
    Map<String, byte[][]> out = new HashMap<>();
    long n = 0;
    try (FramesReader r = FramesReader.open(new Path(file), conf)) {
      for (FramesReader.Frames f = r.next(); f != null; f = r.next()) {
        byte[][] rgb = f.rgbArrays();
        out.put(f.rowKey(), rgb);
        for (byte[] b : rgb) {
          n += b.length;
        }
      }
    }
    return new Entry(out, n);
  }

  private static void evict() {
    Iterator<Map.Entry<String, Entry>> it = FILES.entrySet().iterator();
    while (bytes > BUDGET && FILES.size() > 1 && it.hasNext()) {
      bytes -= it.next().getValue().bytes();
      it.remove();
    }
  }

  /** Drops everything (tests). */
  public static synchronized void clear() {
    FILES.clear();
    bytes = 0;
  }
}
