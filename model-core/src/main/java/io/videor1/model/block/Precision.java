package io.videor1.model.block;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.io.Serializable;

/**
 * What a model stores its weights in and what it computes in: the switch that decides, where a model is built, how
 * {@code compute_dtype = f16} runs on the device at hand.
 *
 * <ul>
 *   <li>float32: weights and computation in float32.
 *   <li>float16 on CUDA: weights and matrix products in float16 (norms, softmaxes, the attention scores and the
 *       log-softmax widen to float32 inside the blocks), as PyTorch's {@code autocast(float16)} runs; unchanged.
 *   <li>float16 on a CPU: weights <em>stored</em> in float16 (half the memory), computation in float32. Each use of
 *       a weight widens it, or a chunk of it, for that use only ({@link io.videor1.model.nn.Widen}); the LM head is
 *       widened a vocabulary chunk at a time ({@link HeadChunks}) and the embedding gathers float16 rows and widens
 *       only those. Activations, norms, softmax and the loss are float32, as in a float32 model.
 * </ul>
 *
 * <p>Why the CPU differs: PyTorch's CPU float16 GEMM is fast only with AVX512-FP16 or AMX-FP16; without them (the
 * project's AMD EPYC has neither) it is a generic scalar loop ({@code at::native::cpublas::gemm} with
 * {@code c10::Half}): about 0.1 GFLOP/s for linear's backward against 9 to 10 GFLOP/s in float32, so a float16 step of
 * the 7b-slice checkpoint did not finish its first backward in 38 minutes. Widening costs one conversion per weight
 * read and computes exactly what a float32 model whose weights were rounded to float16 computes.
 *
 * @param weights what the parameters are stored in (FLOAT32 or FLOAT16)
 * @param compute what the activations and matrix products are in (FLOAT32, or FLOAT16 with float16 weights)
 */
public record Precision(DataType weights, DataType compute) implements Serializable {
  /** Accepts float32 and float16 only, and float16 computation only over float16 weights. */
  public Precision {
    for (DataType d : new DataType[] {weights, compute}) {
      if (d != DataType.FLOAT32 && d != DataType.FLOAT16) {
        throw new IllegalArgumentException("precision must be float32 or float16 (got " + d + "; bfloat16 aborts DJL"
            + " 0.35.1's PyTorch JNI)");
      }
    }
    if (compute == DataType.FLOAT16 && weights != DataType.FLOAT16) {
      throw new IllegalArgumentException("float16 computation needs float16 weights (got " + weights + ")");
    }
  }

  /**
   * The precision a model loaded in {@code dtype} runs in on {@code device}: float16 computes in float16 on a GPU and
   * in float32 over float16 weights on a CPU; float32 is float32 everywhere.
   */
  public static Precision of(DataType dtype, Device device) {
    if (dtype == DataType.FLOAT16 && !device.isGpu()) {
      return storedHalf();
    }
    return exact(dtype);
  }

  /** Weights and computation in {@code dtype}. */
  public static Precision exact(DataType dtype) {
    return new Precision(dtype, dtype);
  }

  /** float16 weights, float32 computation: the CPU's float16. */
  public static Precision storedHalf() {
    return new Precision(DataType.FLOAT16, DataType.FLOAT32);
  }

  /** Whether weights are widened at each use. */
  public boolean widens() {
    return weights != compute;
  }
}
