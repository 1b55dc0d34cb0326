package io.videor1.model.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.videor1.model.io.CheckpointReader;
import io.videor1.model.io.CheckpointWriter;
import io.videor1.model.io.SafeDType;
import io.videor1.model.io.SafeTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Puts arrays into a {@link Qwen25VlModel}'s parameters and takes them out: seeded random initialisation, loading a
 * Hugging Face checkpoint (F32, F16 or BF16, converted to the compute dtype), and conversion back to safetensors.
 */
public final class ModelWeights {
  private ModelWeights() {}

  /**
   * Initialises every parameter as transformers' {@code _init_weights} does (normal(0, std) for linear, conv and
   * embedding weights, zeros for biases, ones for RMSNorm weights), from a Java RNG seeded by (seed, tensor name), so
   * the weights do not depend on the engine or on the order of initialisation.
   */
  public static void initRandom(Qwen25VlModel model, long seed, double std, DataType dtype) {
    checkComputeType(dtype);
    for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
      String name = e.getKey();
      Shape shape = model.shapes().get(name);
      float[] values = new float[Math.toIntExact(shape.size())];
      if (name.endsWith("norm.weight") || name.endsWith("layernorm.weight") || name.endsWith("norm1.weight")
          || name.endsWith("norm2.weight") || name.endsWith("ln_q.weight")) {
        Arrays.fill(values, 1f);
      } else if (!name.endsWith("bias")) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ name.hashCode());
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) (gaussian(r) * std);
        }
      }
      set(model, e.getValue(), shape, values, dtype);
    }
  }

  /** A standard normal variate (Box-Muller on the given generator). */
  static double gaussian(SplittableRandom r) {
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static void set(Qwen25VlModel model, Parameter p, Shape shape, float[] values, DataType dtype) {
    NDManager m = model.manager();
    NDArray a = LargeArrays.create(m, values, shape);
    if (dtype != DataType.FLOAT32) {
      NDArray c = a.toType(dtype, false);
      a.close();
      a = c;
    }
    put(p, a);
  }

  /** Sets a parameter's array the first time, or copies into the existing one (keeping gradients attached). */
  public static void put(Parameter p, NDArray a) {
    if (!p.isInitialized()) {
      p.setArray(a);
      return;
    }
    NDArray cur = p.getArray();
    if (!cur.getShape().equals(a.getShape())) {
      throw new IllegalArgumentException(p.getName() + ": shape " + a.getShape() + " != " + cur.getShape());
    }
    NDArray c = a.getDataType() == cur.getDataType() ? a : a.toType(cur.getDataType(), false);
    copyInto(cur, c);
    if (c != a) {
      c.close();
    }
    a.close();
  }

  /**
   * Copies {@code src}'s values into {@code dst} in place (same shape and dtype; gradients stay attached).
   *
   * <p>DJL's PyTorch {@code NDArray.set(ByteBuffer)} makes the tensor use the buffer's memory and keeps the buffer
   * object alive, not the memory behind a view: passing {@code src.toByteBuffer()} of an array that is closed next
   * leaves {@code dst} reading freed memory (training then turned NaN at random steps). So the bytes go through a
   * buffer that Java allocated, which lives as long as {@code dst} references it. Arrays larger than one chunk are
   * copied in place by rows ({@link LargeArrays}).
   */
  public static void copyInto(NDArray dst, NDArray src) {
    if (!dst.getShape().equals(src.getShape()) || dst.getDataType() != src.getDataType()) {
      throw new IllegalArgumentException("copy of " + src.getDataType() + src.getShape() + " into "
          + dst.getDataType() + dst.getShape());
    }
    if (src.size() * src.getDataType().getNumOfBytes() > LargeArrays.CHUNK_BYTES) {
      LargeArrays.copyRows(dst, src, LargeArrays.CHUNK_BYTES); // no Java buffer holds over 2 GiB: in place, rows at a time
      return;
    }
    ByteBuffer view = src.toByteBuffer();
    ByteBuffer owned = ByteBuffer.allocateDirect(view.remaining()).order(ByteOrder.nativeOrder());
    owned.put(view).flip();
    dst.set(owned);
  }

  /**
   * Loads every parameter from a checkpoint directory, converting to {@code dtype}. A checkpoint with tied embeddings
   * may carry a redundant {@code lm_head.weight}; any other unknown or missing tensor is an error.
   */
  public static void load(Qwen25VlModel model, Path dir, DataType dtype) throws IOException {
    try (CheckpointReader r = CheckpointReader.open(dir)) {
      load(model, r, dtype);
    }
  }

  /** Loads every parameter from an open checkpoint. */
  public static void load(Qwen25VlModel model, CheckpointReader r, DataType dtype) throws IOException {
    load(model.parameters(), model.shapes(), model.manager(), r, dtype);
  }

  /**
   * Loads only the parameters named in {@code names} (every one must be in the model and in the checkpoint), as new
   * arrays under the model's manager; the others are left as they are.
   */
  public static void loadOnly(Qwen25VlModel model, Path dir, DataType dtype, java.util.Set<String> names)
      throws IOException {
    Map<String, Parameter> params = new java.util.LinkedHashMap<>();
    Map<String, Shape> shapes = new java.util.LinkedHashMap<>();
    for (String n : names) {
      Parameter p = model.parameters().get(n);
      if (p == null) {
        throw new IllegalArgumentException(n + " is not a parameter of the model");
      }
      params.put(n, p);
      shapes.put(n, model.shapes().get(n));
    }
    try (CheckpointReader r = CheckpointReader.open(dir)) {
      List<String> missing = read(params, shapes, model.manager(), r, dtype);
      if (!missing.isEmpty()) {
        throw new IOException(dir + " lacks " + head(missing));
      }
    }
  }

  /**
   * Loads named parameters of the given shapes from an open checkpoint, creating their arrays under {@code m} (in
   * {@code dtype}) or copying into the existing ones chunk by chunk, so a large tensor never has a second copy.
   */
  public static void load(Map<String, Parameter> params, Map<String, Shape> shapes, NDManager m, CheckpointReader r,
      DataType dtype) throws IOException {
    List<String> missing = read(params, shapes, m, r, dtype);
    List<String> unknown = new ArrayList<>(r.names());
    unknown.removeAll(params.keySet());
    unknown.remove("lm_head.weight");
    if (!missing.isEmpty() || !unknown.isEmpty()) {
      throw new IOException("checkpoint does not match the config: missing " + head(missing) + ", unknown "
          + head(unknown));
    }
  }

  /** Reads every parameter the checkpoint has; returns the names it lacks. */
  private static List<String> read(Map<String, Parameter> params, Map<String, Shape> shapes, NDManager m,
      CheckpointReader r, DataType dtype) throws IOException {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      if (!r.contains(e.getKey())) {
        missing.add(e.getKey());
        continue;
      }
      SafeTensor t = r.tensor(e.getKey());
      Shape want = shapes.get(e.getKey());
      if (!new Shape(t.shape()).equals(want)) {
        throw new IOException(e.getKey() + ": checkpoint shape " + Arrays.toString(t.shape()) + ", model " + want);
      }
      Parameter p = e.getValue();
      DataType into = p.isInitialized() ? p.getArray().getDataType() : dtype;
      if (into == DataType.FLOAT16 && t.dtype() != SafeDType.F16) {
        requireHalfRange(e.getKey(), t);
      }
      if (p.isInitialized()) {
        LargeArrays.readInto(p.getArray(), t, 0);
      } else {
        p.setArray(toNd(m, t, dtype));
      }
    }
    return missing;
  }

  /** float16's largest finite value. */
  static final float HALF_MAX = 65504f;

  /**
   * Refuses a tensor with a value float16 cannot hold (|v| above 65504, ±inf or NaN): the engine's cast would turn it
   * into ±inf silently, and a bfloat16 checkpoint (range ±3.4e38) may hold such values. Scans the file's values in
   * chunks before anything is converted.
   */
  static void requireHalfRange(String name, SafeTensor t) throws IOException {
    long n = t.numel();
    float[] buf = new float[(int) Math.min(n, 1 << 22)];
    for (long at = 0; at < n; at += buf.length) {
      int k = (int) Math.min(buf.length, n - at);
      t.toFloats(at, buf, 0, k);
      for (int i = 0; i < k; i++) {
        if (!(Math.abs(buf[i]) <= HALF_MAX)) {
          throw new IOException(name + ": value " + buf[i] + " at element " + (at + i) + " is outside float16's "
              + "range (±65504); load this checkpoint with compute dtype f32");
        }
      }
    }
  }

  private static String head(List<String> l) {
    return l.size() <= 5 ? l.toString() : l.subList(0, 5) + " and " + (l.size() - 5) + " more";
  }

  /**
   * A safetensors tensor as an NDArray of {@code dtype} under {@code m}; BF16 is widened in Java (DJL 0.35.1 has no
   * bfloat16) and tensors of any size convert chunk by chunk ({@link LargeArrays#toNd}).
   */
  public static NDArray toNd(NDManager m, SafeTensor t, DataType dtype) {
    checkComputeType(dtype);
    return LargeArrays.toNd(m, t, dtype);
  }

  /** Rejects compute types the engine cannot hold. */
  public static void checkComputeType(DataType dtype) {
    if (dtype == DataType.BFLOAT16) {
      throw new IllegalArgumentException("bfloat16 arrays abort the JVM in DJL 0.35.1's PyTorch JNI (no bfloat16 type"
          + " code); load bf16 checkpoints as FLOAT16 or FLOAT32");
    }
  }

  /**
   * An NDArray as a safetensors tensor of {@code dtype} (float types); one over a chunk is read when written, so it
   * must stay open and unchanged until then ({@link LargeArrays#toSafe}).
   */
  public static SafeTensor toSafe(NDArray a, SafeDType dtype) {
    return LargeArrays.toSafe(a, dtype);
  }

  /** Writes the weights as a Hugging Face checkpoint ({@code model.safetensors} or shards) of {@code dtype}. */
  public static List<String> save(Qwen25VlModel model, Path dir, SafeDType dtype, long maxShardBytes)
      throws IOException {
    return save(model.parameters(), dir, dtype, maxShardBytes);
  }

  /** Writes named parameters as a Hugging Face checkpoint of {@code dtype}, one tensor in memory at a time. */
  public static List<String> save(Map<String, Parameter> params, Path dir, SafeDType dtype, long maxShardBytes)
      throws IOException {
    Map<String, Long> sizes = new LinkedHashMap<>();
    params.forEach((n, p) -> sizes.put(n, p.getArray().size() * dtype.size()));
    return CheckpointWriter.write(dir, new ArrayList<>(params.keySet()), sizes,
        n -> toSafe(params.get(n).getArray(), dtype), maxShardBytes);
  }
}
