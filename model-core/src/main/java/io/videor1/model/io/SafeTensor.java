package io.videor1.model.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor of a safetensors file: element type, shape and little-endian bytes.
 *
 * <p>The buffer may be a read-only view of a memory-mapped file; {@link #data()} always returns a fresh view positioned
 * at 0, so callers may consume it.
 */
public final class SafeTensor {
  private final SafeDType dtype;
  private final long[] shape;
  private final ByteBuffer data;

  /** Wraps bytes whose length must equal the element count times the element size. */
  public SafeTensor(SafeDType dtype, long[] shape, ByteBuffer data) {
    this.dtype = dtype;
    this.shape = shape.clone();
    this.data = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    long expected = numel(shape) * dtype.size();
    if (this.data.remaining() != expected) {
      throw new IllegalArgumentException("tensor of " + dtype + Arrays.toString(shape) + " needs " + expected
          + " bytes, got " + this.data.remaining());
    }
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

  /** A little-endian view of the data, positioned at 0. */
  public ByteBuffer data() {
    return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The data converted to float (from F32, F16, BF16 or F64). */
  public float[] toFloats() {
    int n = Math.toIntExact(numel());
    float[] out = new float[n];
    ByteBuffer b = data();
    switch (dtype) {
      case F32 -> b.asFloatBuffer().get(out);
      case F64 -> {
        for (int i = 0; i < n; i++) {
          out[i] = (float) b.getDouble(i * 8);
        }
      }
      case BF16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16);
        }
      }
      case F16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = halfToFloat(b.getShort(i * 2));
        }
      }
      default -> throw new IllegalStateException(dtype + " is not a float type");
    }
    return out;
  }

  /** The data as longs (from I64 or I32). */
  public long[] toLongs() {
    int n = Math.toIntExact(numel());
    long[] out = new long[n];
    ByteBuffer b = data();
    for (int i = 0; i < n; i++) {
      out[i] = switch (dtype) {
        case I64 -> b.getLong(i * 8);
        case I32 -> b.getInt(i * 4);
        default -> throw new IllegalStateException(dtype + " is not an integer type");
      };
    }
    return out;
  }

  /** A tensor holding {@code values} converted to {@code dtype} (F32, F16 or BF16; BF16 rounds to nearest even). */
  public static SafeTensor ofFloats(float[] values, long[] shape, SafeDType dtype) {
    ByteBuffer b = ByteBuffer.allocate(values.length * dtype.size()).order(ByteOrder.LITTLE_ENDIAN);
    if (dtype == SafeDType.F32) {
      b.asFloatBuffer().put(values); // one bulk copy: weights of every step go through here
      return new SafeTensor(dtype, shape, b);
    }
    for (float v : values) {
      switch (dtype) {
        case F32 -> b.putFloat(v);
        case BF16 -> b.putShort(toBf16(v));
        case F16 -> b.putShort(floatToHalf(v));
        default -> throw new IllegalArgumentException(dtype + " is not a float type");
      }
    }
    return new SafeTensor(dtype, shape, b.flip());
  }

  /** An I64 tensor. */
  public static SafeTensor ofLongs(long[] values, long[] shape) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
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
