package io.videor1.train.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import io.videor1.model.params.ParamCodec;
import java.util.Map;

/**
 * Reads and clears the gradients accumulated on a replica's trainable parameters.
 *
 * <p>Clearing subtracts a gradient from itself, which leaves a NaN or infinity in place; one bad backward pass would
 * then poison every later step of the JVM. When a read finds a non-finite value, the gradients are overwritten with
 * zeros instead, and the caller reports the step so the driver can skip its update.
 */
public final class Gradients {
  private Gradients() {}

  /** The gradients by name; afterwards the parameters' gradients are zero. */
  public static Map<String, float[]> take(Map<String, Parameter> trainable) {
    Map<String, float[]> g = ParamCodec.gradients(trainable);
    if (finite(g)) {
      ParamCodec.zeroGradients(trainable);
    } else {
      for (Parameter p : trainable.values()) {
        NDArray a = p.getArray();
        if (a.hasGradient()) {
          try (NDArray grad = a.getGradient()) {
            grad.set(new NDIndex("..."), 0f);
          }
        }
      }
    }
    return g;
  }

  static boolean finite(Map<String, float[]> grads) {
    for (float[] a : grads.values()) {
      for (float x : a) {
        if (!Float.isFinite(x)) {
          return false;
        }
      }
    }
    return true;
  }
}
