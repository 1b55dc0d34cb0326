package io.videor1.model.logprob;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.videor1.model.nn.Attention;
import io.videor1.model.nn.GradMode;
import io.videor1.model.text.DecoderLayer;
import io.videor1.model.text.KvCache;
import io.videor1.model.text.MRope;
import java.util.List;

/**
 * The decoder's layers run one at a time, each in a manager of its own that is closed when the layer is done: a pass
 * without autograd that keeps only the layers' inputs, and backward by recomputation.
 *
 * <p>DJL has no checkpoint function. Recomputing layer i on its saved input x (detached, requiring grad) and calling
 * backward on {@code sum(out · g)}, with g the gradient of the layer's output, gives the layer's parameter gradients
 * and x's gradient, which is the next g: the same gradients as one backward over the whole stack, because each
 * layer's backward only needs its own inputs and the upstream gradient (Qwen2.5-VL has no dropout outside LoRA, and
 * recomputation refuses LoRA dropout, so the recomputed forward is the forward). Arrays made by a layer's operations
 * belong to the manager of its input (DJL puts results in the first operand's manager), which is why the input is
 * attached to the layer's manager while the layer runs.
 */
final class LayerLoop {
  private LayerLoop() {}

  /**
   * The decoder layers over {@code x} (which belongs to {@code home}) without autograd.
   *
   * @param cache read by every layer, and extended when {@code store}
   * @param saved when not null, receives each layer's input (kept in {@code home}); otherwise the layers' outputs
   *     are closed as soon as the next layer has read them
   * @return the last layer's output [B, T, H], before the final norm, in {@code home}
   */
  static NDArray forward(List<DecoderLayer> layers, NDArray x, MRope.Tables rope, KvCache cache, boolean store,
      boolean training, List<NDArray> saved, NDManager home) {
    return GradMode.off(() -> {
      NDArray in = x;
      for (DecoderLayer layer : layers) {
        NDArray out;
        try (NDManager scope = home.newSubManager()) {
          in.attach(scope);
          out = layer.forward(in, rope, cache, store, training); // [B, T, H]
          out.attach(home);
          in.attach(home);
        }
        if (saved != null) {
          saved.add(in);
        } else if (in != x) {
          in.close();
        }
        in = out;
      }
      return in;
    });
  }

  /**
   * Backward through layers {@code [from, saved.size())} in reverse by recomputation; closes the saved inputs.
   *
   * @param saved layer i's input at index i, in {@code home}
   * @param g the gradient of the last layer's output (consumed)
   * @param visible the cache the layers read (a prompt's keys and values for completions), or null for a pass that
   *     builds its own keys and values (the prompt)
   * @param kvGrads for the prompt: the gradients of each layer's keys and values [gK, gV] (entries may be null),
   *     added to each layer's backward; null for completions
   * @return the gradient of layer {@code from}'s input, in {@code home}
   */
  static NDArray backward(List<DecoderLayer> layers, List<NDArray> saved, int from, NDArray g, MRope.Tables rope,
      KvCache visible, List<NDArray[]> kvGrads, boolean training, GradientCollector gc, NDManager home) {
    for (int i = saved.size() - 1; i >= from; i--) {
      NDArray next;
      try (NDManager scope = home.newSubManager()) {
        NDArray x = saved.get(i).stopGradient();
        x.attach(scope);
        x.setRequiresGradient(true);
        KvCache cache = visible != null ? visible : new KvCache(scope, layers.size());
        NDArray out = layers.get(i).forward(x, rope, cache, visible == null, training); // [B, T, H]
        NDArray target = out.mul(g).sum();
        if (kvGrads != null) {
          Attention.Kv own = cache.visible(i).get(0); // this layer's keys and values, recomputed with their graph
          NDArray[] gkv = kvGrads.get(i);
          if (gkv[0] != null) {
            target = target.add(own.k().mul(gkv[0]).sum());
          }
          if (gkv[1] != null) {
            target = target.add(own.v().mul(gkv[1]).sum());
          }
        }
        gc.backward(target);
        next = x.getGradient();
        next.attach(home);
      }
      g.close();
      saved.get(i).close();
      g = next;
    }
    return g;
  }
}
