package io.videor1.model.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
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
 * <p>No pickle and no code execution: only the JSON header is parsed. Tensors are memory-mapped one at a time (each
 * below 2 GiB), so multi-gigabyte shards open instantly. Header order and {@code __metadata__} are kept, which lets
 * {@link SafetensorsWriter} reproduce a file byte for byte.
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
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(len, 0);
    long n = len.flip().getLong();
    if (n <= 0 || n > 100_000_000L || 8 + n > channel.size()) {
      throw new IOException(path + ": bad safetensors header length " + n);
    }
    ByteBuffer header = ByteBuffer.allocate((int) n);
    readFully(header, 8);
    this.dataStart = 8 + n;
    parse(new String(header.array(), StandardCharsets.UTF_8));
  }

  /** Opens a file. */
  public static SafetensorsReader open(Path path) throws IOException {
    return new SafetensorsReader(path);
  }

  private void readFully(ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      int r = channel.read(b, pos + b.position());
      if (r < 0) {
        throw new IOException(path + ": truncated safetensors file");
      }
    }
  }

  private void parse(String json) throws IOException {
    JsonObject h = JsonParser.parseString(json.strip()).getAsJsonObject();
    long dataLen = channel.size() - dataStart;
    for (Map.Entry<String, JsonElement> e : h.entrySet()) {
      if (e.getKey().equals("__metadata__")) {
        e.getValue().getAsJsonObject().entrySet().forEach(m -> metadata.put(m.getKey(), m.getValue().getAsString()));
        continue;
      }
      JsonObject t = e.getValue().getAsJsonObject();
      SafeDType dtype = SafeDType.valueOf(t.get("dtype").getAsString());
      long[] shape = t.getAsJsonArray("shape").asList().stream().mapToLong(JsonElement::getAsLong).toArray();
      long begin = t.getAsJsonArray("data_offsets").get(0).getAsLong();
      long end = t.getAsJsonArray("data_offsets").get(1).getAsLong();
      if (begin < 0 || end < begin || end > dataLen || end - begin != SafeTensor.numel(shape) * dtype.size()) {
        throw new IOException(path + ": bad offsets for " + e.getKey());
      }
      entries.put(e.getKey(), new Entry(dtype, shape, begin, end));
    }
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

  /** A tensor, memory-mapped (valid until {@link #close()}). */
  public SafeTensor tensor(String name) throws IOException {
    Entry e = entry(name);
    long len = e.end - e.begin;
    ByteBuffer b = len == 0 ? ByteBuffer.allocate(0)
        : channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin, len);
    return new SafeTensor(e.dtype, e.shape, b.order(ByteOrder.LITTLE_ENDIAN));
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
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    long n = b.getLong(0);
    if (n <= 0 || 8 + n > file.length) {
      throw new IllegalArgumentException("bad safetensors header length " + n);
    }
    JsonObject h = JsonParser.parseString(new String(file, 8, (int) n, StandardCharsets.UTF_8).strip())
        .getAsJsonObject();
    Map<String, SafeTensor> out = new LinkedHashMap<>();
    int start = 8 + (int) n;
    for (Map.Entry<String, JsonElement> e : h.entrySet()) {
      if (e.getKey().equals("__metadata__")) {
        continue;
      }
      JsonObject t = e.getValue().getAsJsonObject();
      long[] shape = t.getAsJsonArray("shape").asList().stream().mapToLong(JsonElement::getAsLong).toArray();
      int begin = t.getAsJsonArray("data_offsets").get(0).getAsInt();
      int end = t.getAsJsonArray("data_offsets").get(1).getAsInt();
      ByteBuffer slice = b.duplicate().position(start + begin).limit(start + end).slice();
      out.put(e.getKey(), new SafeTensor(SafeDType.valueOf(t.get("dtype").getAsString()), shape, slice));
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
