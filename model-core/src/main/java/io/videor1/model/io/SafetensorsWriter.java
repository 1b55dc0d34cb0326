package io.videor1.model.io;

import com.google.gson.Gson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes the safetensors format exactly as the reference Rust/Python library does: {@code __metadata__} first, tensors
 * in data order with {@code data_offsets}, compact JSON, the header padded with spaces to a multiple of 8 bytes.
 *
 * <p>Tensors are written in the order of the map given; {@link #referenceOrder(Map)} gives the order the Python
 * library chooses (larger element types first, then by name). Reading a file and writing its tensors back in header
 * order with the same metadata reproduces it byte for byte.
 */
public final class SafetensorsWriter {
  private static final Gson GSON = new Gson();

  private SafetensorsWriter() {}

  /** Writes {@code tensors} (in iteration order) with optional metadata to {@code file}, streaming each tensor. */
  public static void write(Path file, Map<String, SafeTensor> tensors, Map<String, String> metadata)
      throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      write(ch, tensors, metadata);
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The whole file as bytes (a broadcast part). A Java array holds at most 2^31 - 1 bytes, so callers split larger
   * sets of tensors over several files (a tensor larger than a part by rows: see the weight broadcaster).
   */
  public static byte[] toBytes(Map<String, SafeTensor> tensors, Map<String, String> metadata) {
    // Sized once and filled by bulk copies: a growing stream would copy a 1 GiB weight part several times.
    byte[] header = header(tensors, metadata);
    long size = 8L + header.length;
    for (SafeTensor t : tensors.values()) {
      size += t.byteSize();
    }
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("an in-memory safetensors file holds at most 2^31 - 9 bytes (one Java "
          + "array); these " + tensors.size() + " tensors take " + size + ": split them over more files");
    }
    ByteBuffer out = ByteBuffer.allocate((int) size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    out.putLong(header.length).put(header);
    for (SafeTensor t : tensors.values()) {
      t.read(0, out.slice().limit((int) t.byteSize()));
      out.position(out.position() + (int) t.byteSize());
    }
    return out.array();
  }

  /** The size of the file {@link #toBytes} or {@link #write} would produce, without producing it. */
  public static long fileBytes(Map<String, SafeTensor> tensors, Map<String, String> metadata) {
    long size = 8L + header(tensors, metadata).length;
    for (SafeTensor t : tensors.values()) {
      size += t.byteSize();
    }
    return size;
  }

  /** Streams the file to {@code out}. */
  public static void write(OutputStream out, Map<String, SafeTensor> tensors, Map<String, String> metadata)
      throws IOException {
    write(Channels.newChannel(out), tensors, metadata);
    out.flush();
  }

  /** Streams the file to {@code ch}: header, then every tensor in chunks (no tensor is ever whole in memory). */
  public static void write(WritableByteChannel ch, Map<String, SafeTensor> tensors, Map<String, String> metadata)
      throws IOException {
    byte[] header = header(tensors, metadata);
    ByteBuffer head = ByteBuffer.allocate(8 + header.length).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .putLong(header.length).put(header).flip();
    while (head.hasRemaining()) {
      ch.write(head);
    }
    long largest = 0;
    for (SafeTensor t : tensors.values()) {
      largest = t.streamed() ? Math.max(largest, t.byteSize()) : largest;
    }
    // one buffer for the file's streamed tensors (a buffered one is written from its own memory)
    ByteBuffer scratch = largest == 0 ? null : ByteBuffer.allocate((int) Math.min(largest, SafeTensor.CHUNK_BYTES));
    for (SafeTensor t : tensors.values()) {
      t.writeTo(ch, scratch);
    }
  }

  /** The padded JSON header. */
  static byte[] header(Map<String, SafeTensor> tensors, Map<String, String> metadata) {
    StringBuilder sb = new StringBuilder("{");
    if (metadata != null && !metadata.isEmpty()) {
      sb.append("\"__metadata__\":").append(GSON.toJson(metadata));
    }
    long offset = 0;
    for (Map.Entry<String, SafeTensor> e : tensors.entrySet()) {
      SafeTensor t = e.getValue();
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append(GSON.toJson(e.getKey())).append(":{\"dtype\":\"").append(t.dtype()).append("\",\"shape\":[");
      long[] shape = t.shape();
      for (int i = 0; i < shape.length; i++) {
        sb.append(i == 0 ? "" : ",").append(shape[i]);
      }
      long end = offset + t.byteSize();
      sb.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
      offset = end;
    }
    sb.append('}');
    byte[] raw = sb.toString().getBytes(StandardCharsets.UTF_8);
    int pad = (8 - raw.length % 8) % 8;
    byte[] out = java.util.Arrays.copyOf(raw, raw.length + pad);
    java.util.Arrays.fill(out, raw.length, out.length, (byte) ' ');
    return out;
  }

  /** Names in the Python library's order: element size descending, then name. */
  public static List<String> referenceOrder(Map<String, SafeTensor> tensors) {
    List<String> names = new ArrayList<>(tensors.keySet());
    names.sort(Comparator.<String>comparingInt(n -> -tensors.get(n).dtype().size()).thenComparing(n -> n));
    return names;
  }
}
