package io.videor1.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Weights stored narrower than the activations they meet: a float16 weight used by a float32 computation is widened
 * for that one use, into the caller's manager, and the caller closes the copy as soon as the product is taken.
 *
 * <p>Why: on a CPU, PyTorch's float16 matrix products have no fast kernel unless the CPU has AVX512-FP16 or AMX-FP16;
 * without them they fall into {@code at::native::cpublas::gemm}'s generic loop (about 0.1 GFLOP/s for linear's
 * backward against 9 to 10 in float32 on the project's AMD EPYC). So a CPU model loaded in float16 keeps its weights
 * in float16 (half the memory) and computes in float32 (see {@code Precision} in the block package): each product reads
 * a float32 copy of its weight that lives only for the call.
 *
 * <p>Closing the copy right after the product is safe under autograd: libtorch's graph holds its own reference to a
 * tensor it saved for backward (the widened weight, to pass the gradient to the layer's input), so the memory is
 * freed when the graph is, and at once in a pass without autograd. The copy is made by libtorch (not over a Java
 * buffer, see {@link Scalars}), so nothing else needs to outlive it.
 */
public final class Widen {
  private Widen() {}

  /**
   * {@code w} in {@code x}'s dtype: {@code w} itself when they agree, otherwise a float32 copy of a float16 weight in
   * {@code x}'s manager, through which autograd passes the gradient when {@code w} requires one (a trainable weight
   * stored in float16). Only widening is done; float32 weights never meet float16 activations.
   *
   * @param w a weight of any shape
   * @param x the activation it multiplies
   */
  public static NDArray like(NDArray w, NDArray x) {
    DataType to = x.getDataType();
    if (w.getDataType() == to) {
      return w;
    }
    if (w.getDataType() != DataType.FLOAT16 || to != DataType.FLOAT32) {
      throw new IllegalArgumentException("a " + w.getDataType() + " weight " + w.getShape() + " met " + to
          + " activations; only float16 weights are widened, to float32");
    }
    return into(w, to, x.getManager());
  }

  /**
   * A copy of {@code w} as {@code dtype} in {@code m}: {@code toType} when autograd is off on this thread, otherwise a
   * copy into a new array ({@code out[...] = w}, torch's {@code copy_}), which autograd differentiates ({@link Casts})
   * when {@code w} needs a gradient. (DJL's {@code hasGradient} cannot tell: it is false for a view of a trainable
   * weight, such as a chunk of the LM head.)
   */
  public static NDArray into(NDArray w, DataType dtype, NDManager m) {
    if (!JniUtils.isGradMode()) {
      NDArray c = w.toType(dtype, false);
      c.attach(m);
      return c;
    }
    NDArray out = m.create(w.getShape(), dtype); // uninitialised: every element is written below
    out.set(new NDIndex("..."), w);
    return out;
  }

  /** Closes {@code used} when it is a widened copy (not the stored {@code stored} itself). */
  public static void release(NDArray used, NDArray stored) {
    if (used != null && used != stored) {
      used.close();
    }
  }
}
