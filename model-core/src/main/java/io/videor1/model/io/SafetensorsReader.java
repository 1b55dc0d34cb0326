package io.videor1.model.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one {@code .safetensors} file: an 8-byte little-endian header length, a JSON header, then raw tensor bytes.
 *
 * <p>No pickle and no code execution: only the JSON header is parsed. Tensors are read from the file by ranges when
 * used, so multi-gigabyte shards open instantly and a tensor or shard of any size reads in bounded memory (offsets
 * are {@code long}: a shard over 4 GiB and a tensor over 2 GiB are ordinary). Header order and {@code __metadata__}
 * are kept, which lets {@link SafetensorsWriter} reproduce a file byte for byte.
 */
public final class SafetensorsReader implements AutoCloseable {
  /** Where one tensor lies in the file. */
  private record Entry(SafeDType dtype, long[] shape, long begin, long end) {}

  private final Path path;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();

  private SafetensorsReader(Path path) throws IOException {
    this.path = path;
    this.channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      SafetensorsHeader h = SafetensorsHeader.read(path.toString(), channel.size(), this::read);
      this.dataStart = h.dataStart();
      h.entries().forEach((n, e) -> entries.put(n, new Entry(e.dtype(), e.shape(), e.begin(), e.end())));
      metadata.putAll(h.metadata());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Opens a file; its header is validated ({@link SafetensorsHeader}) before any tensor is mapped. */
  public static SafetensorsReader open(Path path) throws IOException {
    return new SafetensorsReader(path);
  }

  private byte[] read(long offset, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      int r = channel.read(b, offset + b.position());
      if (r < 0) {
        break;
      }
    }
    return java.util.Arrays.copyOf(b.array(), b.position());
  }

  /** Tensor names in header order. */
  public List<String> names() {
    return Collections.unmodifiableList(new ArrayList<>(entries.keySet()));
  }

  /** True when the file holds {@code name}. */
  public boolean contains(String name) {
    return entries.containsKey(name);
  }

  /** The {@code __metadata__} map (empty when absent). */
  public Map<String, String> metadata() {
    return Collections.unmodifiableMap(metadata);
  }

  /** The element type of a tensor. */
  public SafeDType dtype(String name) {
    return entry(name).dtype;
  }

  /** The shape of a tensor. */
  public long[] shape(String name) {
    return entry(name).shape.clone();
  }

  /**
   * A tensor whose bytes are read from the file by ranges when used (valid until {@link #close()}); any size, the
   * file's own offsets being its only limit.
   */
  public SafeTensor tensor(String name) throws IOException {
    Entry e = entry(name);
    long start = dataStart + e.begin;
    return SafeTensor.of(e.dtype, e.shape, (off, dst) -> readFully(start + off, dst));
  }

  /** Fills {@code dst} from {@code position}, 1 MiB at a time (see {@link SafeTensor#writeTo}). */
  private void readFully(long position, ByteBuffer dst) throws IOException {
    long at = position;
    int limit = dst.limit();
    try {
      while (dst.hasRemaining()) {
        dst.limit(Math.min(limit, dst.position() + SafeTensor.WINDOW_BYTES));
        int r = channel.read(dst, at);
        if (r < 0) {
          throw new EOFException(path + " ends at byte " + at + ", inside a tensor");
        }
        at += r;
        dst.limit(limit);
      }
    } finally {
      dst.limit(limit);
    }
  }

  private Entry entry(String name) {
    Entry e = entries.get(name);
    if (e == null) {
      throw new IllegalArgumentException(path + " has no tensor " + name);
    }
    return e;
  }

  /** Every tensor of an in-memory safetensors file (as written by {@link SafetensorsWriter#toBytes}), in order. */
  public static Map<String, SafeTensor> readAll(byte[] file) {
    SafetensorsHeader h;
    try {
      h = SafetensorsHeader.read("in-memory safetensors", file);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    Map<String, SafeTensor> out = new LinkedHashMap<>();
    int start = (int) h.dataStart();
    h.entries().forEach((name, e) -> {
      ByteBuffer slice = b.duplicate().position(start + (int) e.begin()).limit(start + (int) e.end()).slice();
      out.put(name, new SafeTensor(e.dtype(), e.shape(), slice));
    });
    return out;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
