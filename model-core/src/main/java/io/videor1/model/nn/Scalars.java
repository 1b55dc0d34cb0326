package io.videor1.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * Scalars for arithmetic on arrays that carry gradients.
 *
 * <p>DJL 0.35.1's PyTorch {@code mul(Number)}, {@code div(Number)} and {@code pow(Number)} wrap the number in a
 * temporary array over a Java direct buffer and close it right after the operation. Autograd keeps that scalar for
 * the backward pass (the gradient of x·s needs s), but once the array is closed nothing keeps its buffer alive: a
 * garbage collection before {@code backward} frees it and the gradient reads freed memory (NaN or wrong values, at
 * random). Scalars made here belong to the manager of the array they scale, so they live until that manager closes,
 * after the backward pass. The values are those DJL would create, so results are unchanged.
 */
public final class Scalars {
  private Scalars() {}

  /** {@code value} as a float32 scalar in {@code like}'s manager. */
  public static NDArray of(NDArray like, float value) {
    return like.getManager().create(value);
  }
}
