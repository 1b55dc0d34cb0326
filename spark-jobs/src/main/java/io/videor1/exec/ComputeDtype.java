package io.videor1.exec;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * The {@code compute_dtype} setting of train, sft and eval: the dtype executors hold the model and compute in.
 *
 * <p>{@code f32} is exact and the default. {@code f16} halves the executors' weights, keeps the master weights in
 * float32 on the driver, and training scales the loss dynamically ({@link io.videor1.optim.LossScaler}). How it
 * computes depends on the device ({@link io.videor1.model.block.Precision#of}): on a GPU the matrix products run in
 * half precision, with the softmaxes, norms, log-softmax and loss in float32; on a CPU the weights are stored in
 * float16 and every product runs in float32 over a widened copy, because PyTorch's CPU float16 products without
 * AVX512-FP16 or AMX-FP16 are a generic scalar loop (a 7b-slice step did not finish in 38 minutes). bfloat16 is not offered: DJL 0.35.1's PyTorch JNI has no bfloat16 type and
 * aborts the JVM on one, so bf16 checkpoints are widened in Java and loaded as either of these.
 */
public final class ComputeDtype {
  private ComputeDtype() {}

  /** {@code f32} or {@code f16} as an engine dtype; the message names {@code key}. */
  public static DataType parse(String s, String key) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "f32", "float32" -> DataType.FLOAT32;
      case "f16", "float16" -> DataType.FLOAT16;
      default -> throw new IllegalArgumentException(key + " must be f32 or f16 (got '" + s + "'; bf16 is not available"
          + " on DJL 0.35.1's PyTorch engine)");
    };
  }

  /** The setting's name of an engine dtype. */
  public static String name(DataType d) {
    return d == DataType.FLOAT16 ? "f16" : "f32";
  }
}
