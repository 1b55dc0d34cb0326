package io.videor1.model.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.videor1.model.io.SafeDType;
import io.videor1.model.io.SafeTensor;
import io.videor1.model.io.SafetensorsWriter;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The chunked paths of {@link LargeArrays}, driven with chunks of a few dozen bytes so that small arrays take them:
 * they must give exactly what the single-call paths give (LargeTensorsIT runs them on a tensor over 2 GiB).
 */
class LargeArraysTest {
  private static final long TINY = 40; // bytes per chunk: 2 rows of 5 floats, or 1 row of 10 halves

  private static float[] values(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (r.nextDouble() * 8 - 4);
    }
    return v;
  }

  @Test
  void safetensorsDataConvertsChunkByChunkAsInOneCall() {
    float[] v = values(37 * 5, 1);
    try (NDManager m = NDManager.newBaseManager()) {
      for (SafeDType file : new SafeDType[] {SafeDType.F32, SafeDType.F16, SafeDType.BF16}) {
        SafeTensor t = SafeTensor.ofFloats(v, new long[] {37, 5}, file);
        for (DataType compute : new DataType[] {DataType.FLOAT32, DataType.FLOAT16}) {
          NDArray whole = LargeArrays.toNd(m, t, compute);
          NDArray chunked = LargeArrays.toNd(m, t, compute, TINY);
          assertArrayEquals(LargeArrays.toFloats(whole), LargeArrays.toFloats(chunked, TINY), file + " as " + compute);
          assertTrue(new Shape(37, 5).equals(chunked.getShape()));
        }
      }
    }
  }

  @Test
  void aParameterIsOverwrittenInPlaceByRowsKeepingItsGradient() {
    float[] v = values(21 * 4, 2);
    try (NDManager m = NDManager.newBaseManager()) {
      Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
      p.setArray(m.zeros(new Shape(21, 4)));
      p.getArray().setRequiresGradient(true);
      NDArray before = p.getArray();
      // inside a collector: autograd is on, as on a task thread that trains
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        LargeArrays.readInto(p.getArray(), SafeTensor.ofFloats(v, new long[] {21, 4}, SafeDType.F32), 0, TINY);
      }
      assertSame(before, p.getArray());
      assertTrue(p.getArray().hasGradient(), "still a trainable leaf");
      assertArrayEquals(v, p.getArray().toFloatArray());

      // a piece of rows 5..12 (a broadcast part's share of a tensor)
      float[] piece = values(7 * 4, 3);
      LargeArrays.readInto(p.getArray(), SafeTensor.ofFloats(piece, new long[] {7, 4}, SafeDType.F32), 5, TINY);
      float[] want = v.clone();
      System.arraycopy(piece, 0, want, 5 * 4, piece.length);
      assertArrayEquals(want, p.getArray().toFloatArray());
      assertThrows(IllegalArgumentException.class, () -> LargeArrays.readInto(p.getArray(),
          SafeTensor.ofFloats(piece, new long[] {7, 4}, SafeDType.F32), 15, TINY), "rows 15..22 of 21");
      assertThrows(IllegalArgumentException.class, () -> LargeArrays.readInto(p.getArray(),
          SafeTensor.ofFloats(piece, new long[] {4, 7}, SafeDType.F32), 0, TINY), "another row width");
    }
  }

  @Test
  void arraysAreReadOutAndSavedChunkByChunkAsInOneCall() {
    float[] v = values(13 * 6, 4);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray f32 = m.create(v, new Shape(13, 6));
      try (NDArray f16 = f32.toType(DataType.FLOAT16, false)) {
        for (NDArray a : new NDArray[] {f32, f16}) {
          assertArrayEquals(LargeArrays.toFloats(a), LargeArrays.toFloats(a, TINY), a.getDataType().toString());
          for (SafeDType d : new SafeDType[] {SafeDType.F32, SafeDType.F16, SafeDType.BF16}) {
            byte[] eager = SafetensorsWriter.toBytes(Map.of("w", LargeArrays.toSafe(a, d)), Map.of());
            byte[] lazy = SafetensorsWriter.toBytes(Map.of("w", LargeArrays.toSafe(a, d, TINY)), Map.of());
            assertArrayEquals(eager, lazy, a.getDataType() + " saved as " + d);
          }
        }
      }
      NDArray copy = m.zeros(new Shape(13, 6));
      LargeArrays.copyRows(copy, f32, TINY);
      assertArrayEquals(v, copy.toFloatArray());
      assertArrayEquals(v, LargeArrays.toFloats(LargeArrays.toNd(m,
          SafeTensor.ofFloats(v, new long[] {13 * 6}, SafeDType.F32), DataType.FLOAT32, TINY)), "a 1-D tensor");
    }
  }
}
