package io.videor1.model.golden;

import io.videor1.model.io.SafeDType;
import io.videor1.model.io.SafeTensor;
import io.videor1.model.io.SafetensorsReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One array to compare: a shape and either floating values or exact integers.
 *
 * @param shape dimensions (the product is the value count)
 * @param floats values of a float tensor, or null
 * @param ints values of an integer tensor, or null
 */
public record GoldenValues(long[] shape, double[] floats, long[] ints) {
  /** Float values of {@code shape}. */
  public static GoldenValues floats(long[] shape, float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return new GoldenValues(shape, d, null);
  }

  /** Float values of {@code shape} from doubles. */
  public static GoldenValues doubles(long[] shape, double[] v) {
    return new GoldenValues(shape, v.clone(), null);
  }

  /** Integers of {@code shape}. */
  public static GoldenValues ints(long[] shape, long[] v) {
    return new GoldenValues(shape, null, v.clone());
  }

  /** Integers of {@code shape} from ints. */
  public static GoldenValues ints(long[] shape, int[] v) {
    return new GoldenValues(shape, null, Arrays.stream(v).asLongStream().toArray());
  }

  /** True for integer values. */
  public boolean integer() {
    return ints != null;
  }

  /** Number of values. */
  public int size() {
    return integer() ? ints.length : floats.length;
  }

  /** A copy with value {@code i} moved by {@code delta} (for tests that the comparison catches a change). */
  public GoldenValues moved(int i, double delta) {
    if (integer()) {
      long[] v = ints.clone();
      v[i] += (long) delta;
      return new GoldenValues(shape, null, v);
    }
    double[] v = floats.clone();
    v[i] += delta;
    return new GoldenValues(shape, v, null);
  }

  /** Every tensor of a fixtures file whose name starts with {@code prefix}, keyed by the rest of the name. */
  public static Map<String, GoldenValues> read(Path fixtures, String prefix) throws IOException {
    Map<String, GoldenValues> out = new LinkedHashMap<>();
    try (SafetensorsReader r = SafetensorsReader.open(fixtures)) {
      for (String name : r.names()) {
        if (name.startsWith(prefix)) {
          out.put(name.substring(prefix.length()), of(r.tensor(name)));
        }
      }
    }
    return out;
  }

  /** A safetensors tensor's values (U8 is read as integers). */
  public static GoldenValues of(SafeTensor t) {
    if (t.dtype() == SafeDType.U8) {
      byte[] b = new byte[Math.toIntExact(t.numel())];
      t.data().get(b);
      long[] v = new long[b.length];
      for (int i = 0; i < b.length; i++) {
        v[i] = b[i] & 0xff;
      }
      return ints(t.shape(), v);
    }
    if (t.dtype() == SafeDType.F64) {
      double[] v = new double[Math.toIntExact(t.numel())];
      t.data().asDoubleBuffer().get(v);
      return doubles(t.shape(), v);
    }
    return t.dtype().isFloat() ? floats(t.shape(), t.toFloats()) : ints(t.shape(), t.toLongs());
  }
}
