package io.videor1.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Dtype casts that autograd can differentiate.
 *
 * <p>DJL 0.35.1's PyTorch {@code NDArray.toType} runs {@code tensor.to(dtype)} under a {@code NoGradGuard}, so its
 * result has no gradient function: a float16 model whose norm widened with {@code toType} trained nothing ("element 0
 * of tensors does not require grad" at backward). Here the cast is a copy into a new array of the target dtype
 * ({@code out[...] = x}, torch's {@code copy_}), which converts the values exactly as {@code to} does and passes the
 * gradient back converted to x's dtype, as autocast's casts do.
 */
public final class Casts {
  private Casts() {}

  /** {@code x} as {@code dtype} (x itself when it already is), in x's manager, with autograd through the cast. */
  public static NDArray to(NDArray x, DataType dtype) {
    if (x.getDataType() == dtype) {
      return x;
    }
    NDArray out = x.getManager().create(x.getShape(), dtype); // uninitialised: every element is written below
    out.set(new NDIndex("..."), x);
    return out;
  }
}
