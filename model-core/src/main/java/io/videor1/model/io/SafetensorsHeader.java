package io.videor1.model.io;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated header of a safetensors file, parsed without trusting anything in it.
 *
 * <p>The rules are the reference library's: an 8-byte little-endian length below {@link #MAX_HEADER_BYTES} and
 * inside the file; strict UTF-8 JSON whose top level is an object; {@code __metadata__} a map of strings; every other
 * entry a tensor with a known {@code dtype}, a {@code shape} of non-negative integers and two {@code data_offsets};
 * element count × element size computed without overflow and equal to the offsets' span; the tensors tiling the data
 * exactly (no overlap, no gap, nothing past the file's end). A file that breaks any rule throws
 * {@link InvalidCheckpointException} before a byte of tensor data is mapped.
 *
 * @param entries tensors in header order
 * @param metadata the {@code __metadata__} map (empty when absent)
 * @param dataStart where tensor data begins (8 + header length)
 */
public record SafetensorsHeader(Map<String, Entry> entries, Map<String, String> metadata, long dataStart) {
  /** The reference library's bound on the header (100 MB). */
  public static final long MAX_HEADER_BYTES = 100_000_000L;
  private static final int MAX_RANK = 16;

  /**
   * One tensor's place in the file.
   *
   * @param dtype element type
   * @param shape dimensions
   * @param begin first byte, relative to the data start
   * @param end one past the last byte
   */
  public record Entry(SafeDType dtype, long[] shape, long begin, long end) {
    /** Element count (checked not to overflow when parsed). */
    public long numel() {
      long n = 1;
      for (long s : shape) {
        n *= s;
      }
      return n;
    }
  }

  /** Reads a byte range of the file being parsed. */
  @FunctionalInterface
  public interface Source {
    /** {@code length} bytes from {@code offset}; fewer only at the end of the file. */
    byte[] read(long offset, int length) throws IOException;
  }

  /** Parses the header of a file of {@code fileSize} bytes named {@code file} (for messages). */
  public static SafetensorsHeader read(String file, long fileSize, Source source) throws IOException {
    if (fileSize < 8) {
      throw new InvalidCheckpointException(file, "header", "file of " + fileSize + " bytes has no 8-byte header length");
    }
    byte[] len = source.read(0, 8);
    if (len.length != 8) {
      throw new InvalidCheckpointException(file, "header", "file ends inside the 8-byte header length");
    }
    long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (n < 2 || n > MAX_HEADER_BYTES) {
      throw new InvalidCheckpointException(file, "header", "header length " + Long.toUnsignedString(n)
          + " is outside 2.." + MAX_HEADER_BYTES + " bytes");
    }
    if (n > fileSize - 8) {
      throw new InvalidCheckpointException(file, "header", "header length " + n + " runs past the end of the "
          + fileSize + "-byte file");
    }
    byte[] header = source.read(8, (int) n);
    if (header.length != n) {
      throw new InvalidCheckpointException(file, "header", "file ends inside the " + n + "-byte header");
    }
    return parse(file, header, fileSize - 8 - n);
  }

  /** Parses a whole file held in memory. */
  public static SafetensorsHeader read(String file, byte[] bytes) throws IOException {
    return read(file, bytes.length, (offset, length) -> {
      int from = (int) Math.min(offset, bytes.length);
      return java.util.Arrays.copyOfRange(bytes, from, (int) Math.min(bytes.length, from + (long) length));
    });
  }

  /** Parses header bytes followed by {@code dataLength} bytes of tensor data. */
  static SafetensorsHeader parse(String file, byte[] header, long dataLength) throws IOException {
    String json;
    try {
      json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(header)).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidCheckpointException(file, "header", "header is not valid UTF-8");
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    try (JsonReader r = new JsonReader(new StringReader(json))) {
      r.setLenient(false);
      expect(file, "header", r, JsonToken.BEGIN_OBJECT, "header JSON must be an object");
      r.beginObject();
      while (r.hasNext()) {
        String name = r.nextName();
        if (entries.containsKey(name) || (name.equals("__metadata__") && !metadata.isEmpty())) {
          throw new InvalidCheckpointException(file, name, "appears twice in the header");
        }
        if (name.equals("__metadata__")) {
          metadata(file, r, metadata);
        } else {
          entries.put(name, tensor(file, name, r));
        }
      }
      r.endObject();
      if (r.peek() != JsonToken.END_DOCUMENT) {
        throw new InvalidCheckpointException(file, "header", "text after the header's JSON object");
      }
    } catch (InvalidCheckpointException e) {
      throw e;
    } catch (IOException | IllegalStateException | NumberFormatException e) {
      // Gson reports malformed JSON as MalformedJsonException (an IOException) or IllegalStateException
      throw new InvalidCheckpointException(file, "header", "header is not valid JSON ("
          + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
    }
    tile(file, entries, dataLength);
    return new SafetensorsHeader(Collections.unmodifiableMap(entries), Collections.unmodifiableMap(metadata),
        8 + header.length);
  }

  private static void metadata(String file, JsonReader r, Map<String, String> out) throws IOException {
    expect(file, "__metadata__", r, JsonToken.BEGIN_OBJECT, "must be an object of strings");
    r.beginObject();
    while (r.hasNext()) {
      String k = r.nextName();
      expect(file, "__metadata__." + k, r, JsonToken.STRING, "must be a string");
      out.put(k, r.nextString());
    }
    r.endObject();
  }

  private static Entry tensor(String file, String name, JsonReader r) throws IOException {
    expect(file, name, r, JsonToken.BEGIN_OBJECT, "must be an object with dtype, shape and data_offsets");
    r.beginObject();
    SafeDType dtype = null;
    long[] shape = null;
    long[] offsets = null;
    while (r.hasNext()) {
      switch (r.nextName()) {
        case "dtype" -> {
          expect(file, name, r, JsonToken.STRING, "dtype must be a string");
          dtype = dtype(file, name, r.nextString());
        }
        case "shape" -> shape = integers(file, name, "shape", r, MAX_RANK);
        case "data_offsets" -> offsets = integers(file, name, "data_offsets", r, 2);
        default -> r.skipValue(); // the reference ignores unknown fields
      }
    }
    r.endObject();
    if (dtype == null || shape == null || offsets == null) {
      throw new InvalidCheckpointException(file, name, "missing " + (dtype == null ? "dtype"
          : shape == null ? "shape" : "data_offsets"));
    }
    if (offsets.length != 2 || offsets[1] < offsets[0]) {
      throw new InvalidCheckpointException(file, name, "data_offsets must be [begin, end] with begin <= end");
    }
    long bytes;
    try {
      long numel = 1;
      for (long s : shape) {
        numel = Math.multiplyExact(numel, s);
      }
      bytes = Math.multiplyExact(numel, dtype.size());
    } catch (ArithmeticException e) {
      throw new InvalidCheckpointException(file, name, "shape " + java.util.Arrays.toString(shape)
          + " overflows a 64-bit byte count");
    }
    if (bytes != offsets[1] - offsets[0]) {
      throw new InvalidCheckpointException(file, name, dtype + " " + java.util.Arrays.toString(shape) + " needs "
          + bytes + " bytes but data_offsets span " + (offsets[1] - offsets[0]));
    }
    return new Entry(dtype, shape, offsets[0], offsets[1]);
  }

  private static SafeDType dtype(String file, String name, String s) throws InvalidCheckpointException {
    for (SafeDType d : SafeDType.values()) {
      if (d.name().equals(s)) {
        return d;
      }
    }
    throw new InvalidCheckpointException(file, name, "dtype " + s + " is not supported (F64, F32, F16, BF16, I64,"
        + " I32, I16, I8, U8, BOOL)");
  }

  private static long[] integers(String file, String name, String field, JsonReader r, int max) throws IOException {
    expect(file, name, r, JsonToken.BEGIN_ARRAY, field + " must be an array of integers");
    r.beginArray();
    List<Long> out = new ArrayList<>();
    while (r.hasNext()) {
      expect(file, name, r, JsonToken.NUMBER, field + " must be an array of integers");
      String s = r.nextString();
      long v;
      try {
        v = Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new InvalidCheckpointException(file, name, field + " entry " + s + " is not a 64-bit integer");
      }
      if (v < 0) {
        throw new InvalidCheckpointException(file, name, field + " entry " + v + " is negative");
      }
      if (out.size() == max) {
        throw new InvalidCheckpointException(file, name, field + " has more than " + max + " entries");
      }
      out.add(v);
    }
    r.endArray();
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  /** The tensors must cover [0, dataLength) exactly, in some order, without overlap or gap. */
  private static void tile(String file, Map<String, Entry> entries, long dataLength) throws InvalidCheckpointException {
    List<Map.Entry<String, Entry>> byBegin = new ArrayList<>(entries.entrySet());
    byBegin.sort(Comparator.comparingLong((Map.Entry<String, Entry> e) -> e.getValue().begin())
        .thenComparingLong(e -> e.getValue().end()));
    long at = 0;
    for (Map.Entry<String, Entry> e : byBegin) {
      Entry t = e.getValue();
      if (t.end() > dataLength) {
        throw new InvalidCheckpointException(file, e.getKey(), "data_offsets [" + t.begin() + ", " + t.end()
            + "] end past the " + dataLength + " data bytes");
      }
      if (t.begin() < at) {
        throw new InvalidCheckpointException(file, e.getKey(), "data_offsets [" + t.begin() + ", " + t.end()
            + "] overlap the previous tensor (ends at " + at + ")");
      }
      if (t.begin() > at) {
        throw new InvalidCheckpointException(file, e.getKey(), "data_offsets [" + t.begin() + ", " + t.end()
            + "] leave a gap after byte " + at);
      }
      at = t.end();
    }
    if (at != dataLength) {
      throw new InvalidCheckpointException(file, "header", (dataLength - at) + " bytes after the last tensor");
    }
  }

  private static void expect(String file, String subject, JsonReader r, JsonToken token, String problem)
      throws IOException {
    JsonToken got = r.peek();
    if (got != token) {
      throw new InvalidCheckpointException(file, subject, problem + " (found " + got.name().toLowerCase() + ")");
    }
  }
}
