package io.videor1.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import io.videor1.model.io.SafeTensor;
import io.videor1.model.io.SafetensorsReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes values into float32 parameters in place, safely.
 *
 * <p>DJL's PyTorch {@code NDArray.set(ByteBuffer)} makes the tensor use the buffer's memory (it keeps the buffer
 * object alive, not the memory behind a view). {@code ParamCodec.fromBytes/fromFloats} pass the direct-buffer view of
 * a temporary array that is closed right after, so the parameter ends up reading freed memory: training then turns
 * NaN at random steps. Here every parameter gets a buffer allocated by Java, which lives as long as the parameter.
 */
public final class ParamSetter {
  private ParamSetter() {}

  /** Copies {@code values} (row-major float32) into the named parameters. */
  public static void fromFloats(Map<String, Parameter> params, Map<String, float[]> values) {
    values.forEach((n, v) -> set(param(params, n).getArray(), v, n));
  }

  /** Loads an in-memory safetensors file of float32 tensors into the named parameters. */
  public static void fromBytes(Map<String, Parameter> params, byte[] file) {
    for (Map.Entry<String, SafeTensor> e : SafetensorsReader.readAll(file).entrySet()) {
      NDArray cur = param(params, e.getKey()).getArray();
      if (!Arrays.equals(e.getValue().shape(), cur.getShape().getShape())) {
        throw new IllegalArgumentException(e.getKey() + ": shape " + Arrays.toString(e.getValue().shape()) + " != "
            + cur.getShape());
      }
      set(cur, e.getValue().toFloats(), e.getKey());
    }
  }

  private static void set(NDArray cur, float[] v, String name) {
    if (cur.getDataType() != DataType.FLOAT32) {
      throw new IllegalArgumentException(name + ": only float32 parameters can be set (got " + cur.getDataType()
          + ")");
    }
    if (v.length != cur.size()) {
      throw new IllegalArgumentException(name + ": " + v.length + " values for " + cur.size() + " elements");
    }
    ByteBuffer b = ByteBuffer.allocateDirect(4 * v.length).order(ByteOrder.nativeOrder());
    b.asFloatBuffer().put(v);
    cur.set(b);
  }

  private static Parameter param(Map<String, Parameter> params, String name) {
    Parameter p = params.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return p;
  }
}
