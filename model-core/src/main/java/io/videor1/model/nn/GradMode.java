package io.videor1.model.nn;

import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Runs code with autograd off on the calling thread, as torch's {@code no_grad}.
 *
 * <p>Why: libtorch's grad mode is per thread and on by default. DJL turns it off only on the thread that starts the
 * engine, so a Spark task thread runs with it on; under LoRA the adapters require gradients, so a pass that needs none
 * (sampling, the reference's log-probs) would still build autograd's graph and keep every saved input of every
 * product until its outputs are closed. With float16 weights widened on a CPU that is each product's float32 weight
 * copy: one decode step of 7b-slice held about 3 GB that way.
 */
public final class GradMode {
  private GradMode() {}

  /** {@code body}'s value, computed with autograd off; the thread's mode is restored afterwards. */
  public static <T> T off(Supplier<T> body) {
    boolean was = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      return body.get();
    } finally {
      JniUtils.setGradMode(was);
    }
  }
}
