package io.videor1.model.block;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.videor1.model.io.SafeDType;
import io.videor1.model.io.SafeTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Moves engine arrays of any size to and from safetensors data and Java arrays, in chunks.
 *
 * <p>Why: DJL 0.35.1's PyTorch engine moves an array in or out of Java through one buffer or {@code byte[]}
 * ({@code PtNDManager.create} sizes its buffer as an {@code int}; {@code toFloatArray} and {@code toByteBuffer} return
 * the tensor's bytes as one {@code byte[]}), so an array over 2 GiB — Qwen2.5-VL-7B's {@code embed_tokens} and
 * {@code lm_head} in fp32 — cannot cross in one call. Here each crossing moves at most {@link #CHUNK_BYTES}: rows of the
 * leading dimension going in, elements of the flattened array coming out, each a view of the engine array.
 *
 * <p>Writing into an existing array is {@code index_put_} with autograd off on the calling thread, as torch's
 * {@code with no_grad(): p[r0:r1] = x}, so a parameter keeps its identity and its gradient flag. Arrays that fit one
 * chunk take the single-call paths they always took, so small models move exactly as before.
 */
public final class LargeArrays {
  /** Bytes of engine array moved per call. */
  public static final long CHUNK_BYTES = 256L << 20;

  private LargeArrays() {}

  /**
   * {@code t} as an array of {@code dtype} under {@code m}.
   *
   * <p>BF16 data is widened to float32 in Java (exactly: the bf16 bits are the top half of the float32 bits), because
   * DJL 0.35.1's PyTorch JNI has no bfloat16 type code and aborts the JVM on any bfloat16 tensor. A tensor larger
   * than a chunk is converted chunk by chunk into an array allocated once, so the peak is the array plus one chunk.
   */
  public static NDArray toNd(NDManager m, SafeTensor t, DataType dtype) {
    return toNd(m, t, dtype, CHUNK_BYTES);
  }

  static NDArray toNd(NDManager m, SafeTensor t, DataType dtype, long chunkBytes) {
    Rows r = Rows.of(t, chunkBytes);
    if (r.chunkRows >= r.rows) {
      return chunk(m, t, r, 0, r.rows, dtype, null);
    }
    NDArray out = m.create(new Shape(t.shape()), dtype);
    try {
      fill(out, t, r, 0);
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
    return out;
  }

  /**
   * Copies {@code t} into rows {@code [row0, row0 + rows of t)} of {@code dst} (converted to its dtype): the whole of
   * {@code dst} when {@code row0} is 0 and the shapes are equal, else a piece of it (a broadcast part's rows).
   */
  public static void readInto(NDArray dst, SafeTensor t, long row0) {
    readInto(dst, t, row0, CHUNK_BYTES);
  }

  static void readInto(NDArray dst, SafeTensor t, long row0, long chunkBytes) {
    long[] want = dst.getShape().getShape();
    long[] got = t.shape();
    boolean whole = row0 == 0 && Arrays.equals(want, got);
    boolean piece = want.length > 0 && got.length == want.length && row0 >= 0 && row0 + got[0] <= want[0]
        && Arrays.equals(Arrays.copyOfRange(want, 1, want.length), Arrays.copyOfRange(got, 1, got.length));
    if (!whole && !piece) {
      throw new IllegalArgumentException("rows from " + row0 + " of shape " + Arrays.toString(got) + " do not fit an"
          + " array of shape " + dst.getShape());
    }
    Rows r = Rows.of(t, chunkBytes);
    if (whole && r.chunkRows >= r.rows) {
      try (NDManager m = dst.getManager().newSubManager()) {
        ModelWeights.copyInto(dst, toNd(m, t, dst.getDataType()));
      }
      return;
    }
    fill(dst, t, r, row0);
  }

  /** Copies {@code src} into {@code dst} (same shape and dtype) chunk by chunk of rows. */
  static void copyRows(NDArray dst, NDArray src, long chunkBytes) {
    long rows = src.getShape().get(0);
    long chunkRows = Math.max(1, chunkBytes / Math.max(1, src.size() / Math.max(1, rows)
        * src.getDataType().getNumOfBytes()));
    for (long r0 = 0; r0 < rows; r0 += chunkRows) {
      long r1 = Math.min(rows, r0 + chunkRows);
      try (NDArray part = src.get(new NDIndex("{}:{}", r0, r1))) {
        setRows(dst, r0, r1, part);
      }
    }
  }

  /** An array of {@code values} with {@code shape} under {@code m}. */
  public static NDArray create(NDManager m, float[] values, Shape shape) {
    if (4L * values.length <= CHUNK_BYTES) {
      return m.create(values, shape);
    }
    return toNd(m, SafeTensor.ofFloats(values, shape.getShape(), SafeDType.F32), DataType.FLOAT32);
  }

  /** The values of {@code a} as float (row-major); at most 2^31 - 1 elements, a Java array's limit. */
  public static float[] toFloats(NDArray a) {
    return toFloats(a, CHUNK_BYTES);
  }

  static float[] toFloats(NDArray a, long chunkBytes) {
    long n = a.size();
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("an array of " + n + " elements " + a.getShape() + " does not fit one float[]");
    }
    if (n * a.getDataType().getNumOfBytes() <= chunkBytes) {
      return floats(a);
    }
    float[] out = new float[(int) n];
    int per = (int) Math.max(1, chunkBytes / 4);
    for (int at = 0; at < n; at += per) {
      int from = at;
      int count = (int) Math.min(per, n - at);
      withFloats(a, from, count, f -> f.get(out, from, count));
    }
    return out;
  }

  /**
   * {@code a} as a safetensors tensor of {@code dtype} (F32, F16 or BF16). An array that fits one chunk is read now;
   * a larger one is read chunk by chunk when the tensor is written, so it must stay open and unchanged until then.
   */
  public static SafeTensor toSafe(NDArray a, SafeDType dtype) {
    return toSafe(a, dtype, CHUNK_BYTES);
  }

  static SafeTensor toSafe(NDArray a, SafeDType dtype, long chunkBytes) {
    long[] shape = a.getShape().getShape();
    if (a.size() * 4 <= chunkBytes) {
      return SafeTensor.ofFloats(floats(a), shape, dtype);
    }
    return SafeTensor.of(dtype, shape, (off, dst) -> {
      int n = dst.remaining() / dtype.size();
      withFloats(a, off / dtype.size(), n, f -> encode(f, n, dtype, dst));
    });
  }

  /** Puts {@code n} floats of {@code f} into {@code dst} (little-endian) as {@code dtype}, as SafeTensor does. */
  private static void encode(FloatBuffer f, int n, SafeDType dtype, ByteBuffer dst) {
    int at = dst.position();
    switch (dtype) {
      case F32 -> dst.asFloatBuffer().put(f);
      case F16 -> {
        for (int i = 0; i < n; i++) {
          dst.putShort(at + i * 2, SafeTensor.floatToHalf(f.get(i)));
        }
      }
      case BF16 -> {
        for (int i = 0; i < n; i++) {
          dst.putShort(at + i * 2, SafeTensor.toBf16(f.get(i)));
        }
      }
      default -> throw new IllegalArgumentException(dtype + " is not a float type");
    }
    dst.position(dst.position() + n * dtype.size());
  }

  /**
   * Hands {@code use} elements {@code [from, from + n)} of the flattened {@code a} as floats, valid during the call
   * only: the engine's own memory when {@code a} is a float32 array on the CPU (no copy, no garbage), else a float32
   * copy on the CPU.
   */
  private static void withFloats(NDArray a, long from, int n, Consumer<FloatBuffer> use) {
    List<NDArray> temps = new ArrayList<>(); // results attach to a's manager: closed here, not left to it
    try {
      NDArray x = keep(temps, keep(temps, a.reshape(-1)).get(new NDIndex("{}:{}", from, from + n)));
      if (!x.getDevice().equals(Device.cpu())) {
        x = keep(temps, x.toDevice(Device.cpu(), false));
      }
      if (x.getDataType() != DataType.FLOAT32) {
        x = keep(temps, x.toType(DataType.FLOAT32, false));
      }
      use.accept(x.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer()); // a contiguous slice
    } finally {
      temps.forEach(NDArray::close);
    }
  }

  private static NDArray keep(List<NDArray> temps, NDArray a) {
    temps.add(a);
    return a;
  }

  private static float[] floats(NDArray a) {
    if (a.getDataType() == DataType.FLOAT32) {
      return a.toFloatArray();
    }
    try (NDArray f = a.toType(DataType.FLOAT32, false)) {
      return f.toFloatArray();
    }
  }

  /** How {@code t} splits into chunks of rows. */
  private record Rows(long rows, long rowElems, long chunkRows, boolean widen) {
    static Rows of(SafeTensor t, long chunkBytes) {
      long[] shape = t.shape();
      long rows = shape.length == 0 ? 1 : shape[0];
      long rowElems = rows == 0 ? 0 : t.numel() / rows;
      boolean widen = t.dtype() == SafeDType.BF16;
      int outSize = widen ? 4 : t.dtype().size();
      return new Rows(rows, rowElems, Math.max(1, chunkBytes / Math.max(1, rowElems * outSize)), widen);
    }

    int outSize(SafeTensor t) {
      return widen ? 4 : t.dtype().size();
    }
  }

  /** Fills rows {@code [row0, row0 + r.rows)} of {@code dst} from {@code t}, one chunk (and one buffer) at a time. */
  private static void fill(NDArray dst, SafeTensor t, Rows r, long row0) {
    long chunk = Math.max(1, Math.min(r.rows, r.chunkRows) * r.rowElems * r.outSize(t)); // chunkBytes, or one row
    ByteBuffer buf = ByteBuffer.allocateDirect(Math.toIntExact(chunk)).order(ByteOrder.nativeOrder());
    try (NDManager m = dst.getManager().newSubManager()) {
      for (long r0 = 0; r0 < r.rows; r0 += r.chunkRows) {
        long r1 = Math.min(r.rows, r0 + r.chunkRows);
        // the chunk may use buf's memory: it is copied into dst and closed before buf is filled again
        try (NDArray part = chunk(m, t, r, r0, r1, dst.getDataType(), buf)) {
          setRows(dst, row0 + r0, row0 + r1, part);
        }
      }
    }
  }

  /** Writes {@code part} into rows {@code [r0, r1)} of {@code dst}, autograd off. */
  private static void setRows(NDArray dst, long r0, long r1, NDArray part) {
    boolean grad = JniUtils.isGradMode();
    if (grad) {
      JniUtils.setGradMode(false);
    }
    try {
      NDArray src = part.getDevice().equals(dst.getDevice()) ? part : part.toDevice(dst.getDevice(), false);
      dst.set(new NDIndex("{}:{}", r0, r1), src);
      if (src != part) {
        src.close();
      }
    } finally {
      if (grad) {
        JniUtils.setGradMode(true);
      }
    }
  }

  /** Rows {@code [r0, r1)} of {@code t} as an array of {@code dtype}; in {@code reuse} when given, else a new buffer. */
  private static NDArray chunk(NDManager m, SafeTensor t, Rows r, long r0, long r1, DataType dtype,
      ByteBuffer reuse) {
    long n = (r1 - r0) * r.rowElems;
    int outSize = r.outSize(t);
    ByteBuffer direct = reuse != null ? reuse.clear().limit((int) (n * outSize))
        : ByteBuffer.allocateDirect(Math.toIntExact(n * outSize)).order(ByteOrder.nativeOrder());
    long first = r0 * r.rowElems;
    if (r.widen) {
      int per = SafeTensor.CHUNK_BYTES / 2;
      for (long i = 0; i < n; i += per) {
        int k = (int) Math.min(per, n - i);
        ByteBuffer half = t.bytes((first + i) * 2, k * 2);
        for (int j = 0; j < k; j++) {
          direct.putInt((half.getShort(j * 2) & 0xffff) << 16);
        }
      }
    } else {
      t.read(first * outSize, direct);
    }
    direct.flip();
    long[] shape = t.shape();
    if (shape.length > 0) {
      shape[0] = r1 - r0;
    }
    NDArray a = m.create(direct, new Shape(shape), r.widen ? DataType.FLOAT32 : t.dtype().djl());
    if (a.getDataType() != dtype) {
      NDArray c = a.toType(dtype, false);
      a.close();
      a = c;
    }
    return a;
  }
}
