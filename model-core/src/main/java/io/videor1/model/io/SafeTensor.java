package io.videor1.model.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * One tensor of a safetensors file: element type, shape and little-endian bytes, of any size.
 *
 * <p>The bytes come from a {@link Source} read by ranges: a buffer, a float array encoded on demand, a region of an
 * open file, or an engine array ({@code ModelWeights.toSafe}). A Java buffer or array holds at most 2^31 - 1 bytes,
 * and Qwen2.5-VL-7B's {@code embed_tokens} and {@code lm_head} are 545 M floats, 2.18 GB in fp32; so nothing here
 * puts a whole tensor in one buffer: it is written, read and converted in pieces of at most {@link #CHUNK_BYTES}.
 * Byte counts are {@code long} throughout.
 */
public final class SafeTensor {
  /** Bytes moved at a time when a tensor is streamed or converted (a multiple of every element size). */
  public static final int CHUNK_BYTES = 64 << 20;
  /** Bytes handed to a channel at a time. */
  static final int WINDOW_BYTES = 1 << 20;

  /** Where a tensor's bytes come from. */
  @FunctionalInterface
  public interface Source {
    /**
     * Fills {@code dst}'s remaining bytes with the tensor's little-endian bytes from {@code byteOffset}; offset and
     * length are multiples of the element size and lie inside the tensor.
     */
    void read(long byteOffset, ByteBuffer dst) throws IOException;
  }

  private final SafeDType dtype;
  private final long[] shape;
  private final Source source;
  private final ByteBuffer buffer; // the data when it is one buffer, else null

  private SafeTensor(SafeDType dtype, long[] shape, Source source, ByteBuffer buffer) {
    this.dtype = dtype;
    this.shape = shape.clone();
    this.source = source;
    this.buffer = buffer;
  }

  /** Wraps bytes whose length must equal the element count times the element size. */
  public SafeTensor(SafeDType dtype, long[] shape, ByteBuffer data) {
    this(dtype, shape, null, data.duplicate().order(ByteOrder.LITTLE_ENDIAN));
    long expected = numel(shape) * dtype.size();
    if (buffer.remaining() != expected) {
      throw new IllegalArgumentException("tensor of " + dtype + Arrays.toString(shape) + " needs " + expected
          + " bytes, got " + buffer.remaining());
    }
  }

  /** A tensor whose bytes {@code source} produces on demand. */
  public static SafeTensor of(SafeDType dtype, long[] shape, Source source) {
    return new SafeTensor(dtype, shape, source, null);
  }

  /** Element type. */
  public SafeDType dtype() {
    return dtype;
  }

  /** Shape (a copy). */
  public long[] shape() {
    return shape.clone();
  }

  /** Number of elements. */
  public long numel() {
    return numel(shape);
  }

  /** Bytes of the data. */
  public long byteSize() {
    return numel() * dtype.size();
  }

  /**
   * Fills {@code dst}'s remaining bytes with the data from {@code byteOffset} and advances its position; offset and
   * length must be multiples of the element size.
   */
  public void read(long byteOffset, ByteBuffer dst) {
    int n = dst.remaining();
    if (byteOffset < 0 || byteOffset + n > byteSize() || byteOffset % dtype.size() != 0 || n % dtype.size() != 0) {
      throw new IndexOutOfBoundsException("bytes [" + byteOffset + ", " + (byteOffset + n) + ") of a " + dtype
          + Arrays.toString(shape) + " tensor of " + byteSize() + " bytes");
    }
    if (buffer != null) {
      dst.put(buffer.duplicate().position((int) byteOffset).limit((int) byteOffset + n));
      return;
    }
    ByteBuffer le = dst.slice().order(ByteOrder.LITTLE_ENDIAN);
    try {
      source.read(byteOffset, le);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (le.hasRemaining()) {
      throw new IllegalStateException("source of a " + dtype + Arrays.toString(shape) + " tensor left "
          + le.remaining() + " bytes unread at " + byteOffset);
    }
    dst.position(dst.position() + n);
  }

  /** {@code length} bytes from {@code byteOffset}, little-endian, positioned at 0 (a view when the data is a buffer). */
  public ByteBuffer bytes(long byteOffset, int length) {
    if (buffer != null && byteOffset >= 0 && byteOffset + length <= buffer.remaining()) {
      return buffer.duplicate().position((int) byteOffset).limit((int) byteOffset + length).slice()
          .order(ByteOrder.LITTLE_ENDIAN);
    }
    ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    read(byteOffset, b);
    return b.flip();
  }

  /** The whole data as one little-endian buffer positioned at 0; only for tensors below 2 GiB (see {@link #bytes}). */
  public ByteBuffer data() {
    long size = byteSize();
    if (size > Integer.MAX_VALUE) {
      throw new IllegalStateException("a " + dtype + Arrays.toString(shape) + " tensor of " + size + " bytes does not"
          + " fit one buffer (2^31 - 1 bytes): read it by ranges");
    }
    return bytes(0, (int) size);
  }

  /** True when the bytes come from a source when read, false when they are one buffer. */
  boolean streamed() {
    return buffer == null;
  }

  /** Writes the data to {@code out} in chunks of at most {@link #CHUNK_BYTES}. */
  public void writeTo(WritableByteChannel out) throws IOException {
    writeTo(out, null);
  }

  /**
   * The same through {@code scratch} (a heap buffer of at least {@code min(byteSize(), CHUNK_BYTES)} bytes, or null
   * for one of its own): a file's tensors written through one buffer leave no 64 MB buffer per tensor for the
   * collector, which otherwise grows the heap by the GB over a 7B model's files.
   */
  public void writeTo(WritableByteChannel out, ByteBuffer scratch) throws IOException {
    long size = byteSize();
    int need = (int) Math.min(size, CHUNK_BYTES);
    ByteBuffer chunk = buffer != null ? null
        : scratch != null && scratch.capacity() >= need ? scratch : ByteBuffer.allocate(need);
    for (long at = 0; at < size; at += CHUNK_BYTES) {
      int n = (int) Math.min(CHUNK_BYTES, size - at);
      ByteBuffer b;
      if (buffer != null) {
        b = buffer.duplicate().position((int) at).limit((int) at + n);
      } else {
        chunk.clear().limit(n);
        read(at, chunk);
        b = chunk.flip();
      }
      // in windows of 1 MiB: a channel given a heap buffer copies it through a temporary direct buffer of the
      // same size, which the JDK then caches per thread
      for (int p = b.position(); p < b.limit(); p += WINDOW_BYTES) {
        ByteBuffer w = b.duplicate().position(p).limit(Math.min(b.limit(), p + WINDOW_BYTES));
        while (w.hasRemaining()) {
          out.write(w);
        }
      }
    }
  }

  /** The data converted to float (from F32, F16, BF16 or F64); at most 2^31 - 1 elements, a Java array's limit. */
  public float[] toFloats() {
    long n = numel();
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("a " + dtype + Arrays.toString(shape) + " tensor of " + n + " elements does not"
          + " fit one float[]");
    }
    float[] out = new float[(int) n];
    toFloats(0, out, 0, out.length);
    return out;
  }

  /** Converts elements {@code [from, from + count)} to float into {@code dst} from {@code dstOffset}. */
  public void toFloats(long from, float[] dst, int dstOffset, int count) {
    if (!dtype.isFloat()) {
      throw new IllegalStateException(dtype + " is not a float type");
    }
    int size = dtype.size();
    int per = CHUNK_BYTES / size;
    ByteBuffer chunk = ByteBuffer.allocate((int) Math.min((long) count * size, CHUNK_BYTES))
        .order(ByteOrder.LITTLE_ENDIAN);
    for (int done = 0; done < count; done += per) {
      int n = Math.min(per, count - done);
      chunk.clear().limit(n * size);
      read((from + done) * size, chunk);
      chunk.flip();
      decode(chunk, dst, dstOffset + done, n);
    }
  }

  private void decode(ByteBuffer b, float[] out, int off, int n) {
    switch (dtype) {
      case F32 -> b.asFloatBuffer().get(out, off, n);
      case F64 -> {
        for (int i = 0; i < n; i++) {
          out[off + i] = (float) b.getDouble(i * 8);
        }
      }
      case BF16 -> {
        for (int i = 0; i < n; i++) {
          out[off + i] = Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16);
        }
      }
      case F16 -> {
        for (int i = 0; i < n; i++) {
          out[off + i] = halfToFloat(b.getShort(i * 2));
        }
      }
      default -> throw new IllegalStateException(dtype + " is not a float type");
    }
  }

  /** The data as longs (from I64 or I32). */
  public long[] toLongs() {
    ByteBuffer b = data();
    int n = Math.toIntExact(numel());
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = switch (dtype) {
        case I64 -> b.getLong(i * 8);
        case I32 -> b.getInt(i * 4);
        default -> throw new IllegalStateException(dtype + " is not an integer type");
      };
    }
    return out;
  }

  /**
   * A tensor of {@code values} converted to {@code dtype} (F32, F16 or BF16; BF16 rounds to nearest even) when its
   * bytes are read: the array is not copied, so it must not change until the tensor is written.
   */
  public static SafeTensor ofFloats(float[] values, long[] shape, SafeDType dtype) {
    if (values.length != numel(shape)) {
      throw new IllegalArgumentException(values.length + " values for shape " + Arrays.toString(shape));
    }
    return ofFloats(values, 0, shape, dtype);
  }

  /** The same for the {@code numel(shape)} values of {@code values} from {@code from} (a piece of a larger array). */
  public static SafeTensor ofFloats(float[] values, int from, long[] shape, SafeDType dtype) {
    long n = numel(shape);
    if (from < 0 || from + n > values.length) {
      throw new IllegalArgumentException("values [" + from + ", " + (from + n) + ") of " + values.length);
    }
    if (dtype != SafeDType.F32 && dtype != SafeDType.F16 && dtype != SafeDType.BF16) {
      throw new IllegalArgumentException(dtype + " is not a float type");
    }
    return of(dtype, shape, (off, dst) -> encode(values, from + (int) (off / dtype.size()),
        dst.remaining() / dtype.size(), dtype, dst));
  }

  /** Puts {@code n} values from {@code from} into {@code dst} as little-endian {@code dtype} (F32, F16 or BF16). */
  public static void encode(float[] values, int from, int n, SafeDType dtype, ByteBuffer dst) {
    ByteBuffer le = dst.order() == ByteOrder.LITTLE_ENDIAN ? dst : dst.slice().order(ByteOrder.LITTLE_ENDIAN);
    if (dtype == SafeDType.F32) {
      le.asFloatBuffer().put(values, from, n); // one bulk copy: weights of every step go through here
      le.position(le.position() + 4 * n);
    } else {
      for (int i = from; i < from + n; i++) {
        switch (dtype) {
          case BF16 -> le.putShort(toBf16(values[i]));
          case F16 -> le.putShort(floatToHalf(values[i]));
          default -> throw new IllegalArgumentException(dtype + " is not a float type");
        }
      }
    }
    if (le != dst) {
      dst.position(dst.position() + le.position());
    }
  }

  /** An I64 tensor. */
  public static SafeTensor ofLongs(long[] values, long[] shape) {
    ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, 8)).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      b.putLong(v);
    }
    return new SafeTensor(SafeDType.I64, shape, b.flip());
  }

  /** Round-to-nearest-even float → bfloat16, as torch does. */
  public static short toBf16(float v) {
    int bits = Float.floatToRawIntBits(v);
    if (Float.isNaN(v)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    int rounding = 0x7fff + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }

  /** IEEE half → float (exact). */
  public static float halfToFloat(short h) {
    int s = (h >>> 15) & 1;
    int e = (h >>> 10) & 0x1f;
    int m = h & 0x3ff;
    float sign = s == 1 ? -1f : 1f;
    if (e == 0) {
      return sign * m * 0x1p-24f;
    }
    if (e == 31) {
      return m == 0 ? sign * Float.POSITIVE_INFINITY : Float.NaN;
    }
    return Float.intBitsToFloat((s << 31) | ((e - 15 + 127) << 23) | (m << 13));
  }

  /** float → IEEE half, round to nearest even (overflow gives infinity). */
  public static short floatToHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    if (Float.isNaN(f)) {
      return (short) (sign | 0x7e00);
    }
    float a = Math.abs(f);
    if (a >= 65520f) {
      return (short) (sign | 0x7c00);
    }
    if (a < 0x1p-14f) {
      return (short) (sign | (int) Math.rint(a * 0x1p24f));
    }
    int abits = Float.floatToRawIntBits(a);
    int exp = (abits >>> 23) - 127 + 15;
    int mant = abits & 0x7fffff;
    int half = (exp << 10) | (mant >>> 13);
    int rest = mant & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
      half++;
    }
    return (short) (sign | half);
  }

  static long numel(long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }
}
