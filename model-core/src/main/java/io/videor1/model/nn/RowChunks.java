package io.videor1.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.function.Supplier;

/**
 * Matrix products over chunks of a fixed number of rows, so that a row's bits do not depend on how many rows share its
 * product ({@code Generator#generateBatch}).
 *
 * <p>The CPU engine picks a matrix product's blocking and its split over threads from the product's shape. Measured on
 * an Intel Xeon (cpu family 6, model 207, AVX-512) with 2 engine threads: {@code [M, 1408] x [1408, 512]} gives every
 * row other last bits at M = 16 and 32 than at 64 and 96 (the reduction is split between the threads for the smaller
 * products), while the AMD EPYC CPUs this project ran on before gave the same bits at every multiple of 32. A product
 * of exactly {@code rows} rows each time is one shape whatever the batch, so its split is the same; inside
 * {@link #with} every {@link #linear} of this thread whose leading rows are a multiple of {@code rows} above it runs
 * chunk by chunk. Elsewhere (training, prefill, single-group decoding) it is one product, exactly as before.
 */
public final class RowChunks {
  private static final ThreadLocal<Integer> ROWS = ThreadLocal.withInitial(() -> 0);

  private RowChunks() {}

  /** Runs {@code body} on this thread with every {@link #linear} in chunks of {@code rows} rows (≤ 1: none). */
  public static <T> T with(int rows, Supplier<T> body) {
    int was = ROWS.get();
    ROWS.set(rows);
    try {
      return body.get();
    } finally {
      ROWS.set(was);
    }
  }

  /**
   * y = x·wᵀ + b.
   *
   * @param x [..., in]
   * @param w [out, in]
   * @param b [out] or null
   * @return [..., out]
   */
  public static NDArray linear(NDArray x, NDArray w, NDArray b) {
    int rows = ROWS.get();
    long in = rows <= 1 ? 0 : x.getShape().get(x.getShape().dimension() - 1);
    long total = rows <= 1 ? 0 : x.getShape().size() / Math.max(in, 1);
    if (rows <= 1 || total <= rows || total % rows != 0) {
      return x.getNDArrayInternal().linear(x, w, b).singletonOrThrow();
    }
    NDArray flat = x.reshape(total, in); // [R, in]
    NDList parts = new NDList();
    for (long r = 0; r < total; r += rows) {
      NDArray chunk = flat.get(r + ":" + (r + rows) + ", :"); // [rows, in]
      parts.add(chunk.getNDArrayInternal().linear(chunk, w, b).singletonOrThrow()); // [rows, out]
    }
    NDArray y = NDArrays.concat(parts, 0); // [R, out]
    long[] shape = x.getShape().getShape().clone();
    shape[shape.length - 1] = w.getShape().get(0);
    return y.reshape(shape); // [..., out]
  }
}
