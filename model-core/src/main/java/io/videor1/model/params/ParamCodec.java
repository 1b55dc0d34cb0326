package io.videor1.model.params;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.videor1.model.block.LargeArrays;
import io.videor1.model.block.ModelWeights;
import io.videor1.model.io.SafeDType;
import io.videor1.model.io.SafeTensor;
import io.videor1.model.io.SafetensorsHeader;
import io.videor1.model.io.SafetensorsReader;
import io.videor1.model.io.SafetensorsWriter;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves named parameters and their gradients in and out of a model as plain Java values, for broadcasting weights to
 * executors and aggregating gradients on the driver.
 *
 * <p>Names are Hugging Face tensor names (LoRA parameters: module + {@code .lora_A.weight}). {@link #toBytes} is an
 * in-memory safetensors file, so the same bytes can be written to disk or shipped in a Spark broadcast;
 * {@link #flatten} / {@link #unflatten} give one contiguous float[] in a fixed {@link Layout}.
 */
public final class ParamCodec {
  private ParamCodec() {}

  /** Where each named tensor lies in a flat array. */
  public record Layout(List<String> names, long[] offsets, long total) {
    /** The layout of {@code values} in iteration order. */
    public static Layout of(Map<String, float[]> values) {
      List<String> names = List.copyOf(values.keySet());
      long[] off = new long[names.size()];
      long acc = 0;
      for (int i = 0; i < names.size(); i++) {
        off[i] = acc;
        acc += values.get(names.get(i)).length;
      }
      return new Layout(names, off, acc);
    }
  }

  /** Parameter values as float arrays (row-major), by name. */
  public static Map<String, float[]> toFloats(Map<String, Parameter> params) {
    Map<String, float[]> out = new LinkedHashMap<>();
    params.forEach((n, p) -> out.put(n, floats(p.getArray())));
    return out;
  }

  /** Copies values into the parameters named in {@code values} (shapes must match). */
  public static void fromFloats(Map<String, Parameter> params, Map<String, float[]> values) {
    values.forEach((n, v) -> {
      NDArray cur = param(params, n).getArray();
      if (4L * v.length > LargeArrays.CHUNK_BYTES) { // by rows: no engine call takes over 2 GiB at once
        LargeArrays.readInto(cur, SafeTensor.ofFloats(v, cur.getShape().getShape(), SafeDType.F32), 0);
        return;
      }
      try (NDManager m = cur.getManager().newSubManager()) {
        NDArray src = m.create(v, cur.getShape());
        NDArray c = src.getDataType() == cur.getDataType() ? src : src.toType(cur.getDataType(), false);
        ModelWeights.copyInto(cur, c);
      }
    });
  }

  /** The parameters as an in-memory safetensors file of {@code dtype}. */
  public static byte[] toBytes(Map<String, Parameter> params, SafeDType dtype) {
    Map<String, SafeTensor> t = new LinkedHashMap<>();
    params.forEach((n, p) -> t.put(n, ModelWeights.toSafe(p.getArray(), dtype)));
    return SafetensorsWriter.toBytes(t, Map.of("format", "pt"));
  }

  /**
   * Metadata key giving the first row a tensor of an in-memory file fills in its parameter, when the file holds a
   * piece of it: a tensor larger than a broadcast part travels as several pieces of whole rows.
   */
  public static final String ROW_OFFSET = "row_offset.";

  /**
   * Loads an in-memory safetensors file written by {@link #toBytes} (or a broadcast part) into the named parameters;
   * a tensor with a {@link #ROW_OFFSET} entry fills only its rows.
   */
  public static void fromBytes(Map<String, Parameter> params, byte[] file) {
    SafetensorsHeader h;
    try {
      h = SafetensorsHeader.read("in-memory safetensors", file);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    for (Map.Entry<String, SafeTensor> e : SafetensorsReader.readAll(file).entrySet()) {
      NDArray cur = param(params, e.getKey()).getArray();
      String offset = h.metadata().get(ROW_OFFSET + e.getKey());
      long row0 = offset == null ? 0 : Long.parseLong(offset);
      if (offset == null && !new Shape(e.getValue().shape()).equals(cur.getShape())) {
        throw new IllegalArgumentException(e.getKey() + ": shape " + new Shape(e.getValue().shape()) + " != "
            + cur.getShape());
      }
      LargeArrays.readInto(cur, e.getValue(), row0);
    }
  }

  /**
   * Copies whole tensors into the parameters of the same names, converted to each array's dtype, in place and rows at
   * a time: what {@link #fromBytes} does with a part's tensors, for tensors that are not in a part (a view of the
   * driver's arrays in local mode).
   */
  public static void fromTensors(Map<String, Parameter> params, Map<String, SafeTensor> tensors) {
    tensors.forEach((n, t) -> {
      NDArray cur = param(params, n).getArray();
      if (!new Shape(t.shape()).equals(cur.getShape())) {
        throw new IllegalArgumentException(n + ": shape " + new Shape(t.shape()) + " != " + cur.getShape());
      }
      LargeArrays.readInto(cur, t, 0);
    });
  }

  /** The accumulated gradient of each parameter (zeros where none was computed). */
  public static Map<String, float[]> gradients(Map<String, Parameter> params) {
    Map<String, float[]> out = new LinkedHashMap<>();
    params.forEach((n, p) -> {
      NDArray a = p.getArray();
      if (!a.hasGradient()) {
        out.put(n, new float[Math.toIntExact(a.size())]); // a float[] holds 2^31 - 1 elements, 8 GiB of fp32
        return;
      }
      try (NDArray g = a.getGradient()) {
        out.put(n, floats(g));
      }
    });
    return out;
  }

  /** Zeroes the gradients of these parameters only (unlike GradientCollector.zeroGradients, which is JVM-wide). */
  public static void zeroGradients(Map<String, Parameter> params) {
    params.values().forEach(p -> {
      NDArray a = p.getArray();
      if (a.hasGradient()) {
        try (NDArray g = a.getGradient()) {
          g.subi(g);
        }
      }
    });
  }

  /** One contiguous array in {@code layout} order. */
  public static float[] flatten(Map<String, float[]> values, Layout layout) {
    float[] out = new float[Math.toIntExact(layout.total())];
    for (int i = 0; i < layout.names().size(); i++) {
      float[] v = values.get(layout.names().get(i));
      System.arraycopy(v, 0, out, (int) layout.offsets()[i], v.length);
    }
    return out;
  }

  /** Splits a flat array back into named arrays. */
  public static Map<String, float[]> unflatten(float[] flat, Layout layout) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (int i = 0; i < layout.names().size(); i++) {
      long end = i + 1 < layout.names().size() ? layout.offsets()[i + 1] : layout.total();
      out.put(layout.names().get(i), java.util.Arrays.copyOfRange(flat, (int) layout.offsets()[i], (int) end));
    }
    return out;
  }

  private static Parameter param(Map<String, Parameter> params, String name) {
    Parameter p = params.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return p;
  }

  private static float[] floats(NDArray a) {
    return LargeArrays.toFloats(a); // in chunks: the engine hands out at most 2 GiB at a time
  }
}
