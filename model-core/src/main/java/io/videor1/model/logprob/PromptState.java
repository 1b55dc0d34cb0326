package io.videor1.model.logprob;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.nn.Attention;
import io.videor1.model.nn.GradMode;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.text.KvCache;
import io.videor1.model.text.MRope;
import java.util.ArrayList;
import java.util.List;

/**
 * A group's prompt, encoded once: its keys and values of every layer and its last hidden state, as leaves the
 * completions' micro-batches read ({@link #visible}, {@link #last}), and what the prompt's own backward needs (its
 * graph, or each layer's input for recomputation).
 */
final class PromptState {
  private final KvCache visible;
  private final NDArray last;
  private final KvCache graphCache; // with autograd's graph: the plain prompt pass
  private final NDArray lastGraph;
  private final List<NDArray> saved; // recomputation: each layer's input
  private final NDArray finalInput;
  private final MRope.Tables rope;

  private PromptState(KvCache visible, NDArray last, KvCache graphCache, NDArray lastGraph, List<NDArray> saved,
      NDArray finalInput, MRope.Tables rope) {
    this.visible = visible;
    this.last = last;
    this.graphCache = graphCache;
    this.lastGraph = lastGraph;
    this.saved = saved;
    this.finalInput = finalInput;
    this.rope = rope;
  }

  /** The prompt with its graph kept; leaves detached from it. */
  static PromptState withGraph(Qwen25VlModel model, NDManager m, ModelInputs prompt, Trainability trains) {
    KvCache cache = model.newCache(m);
    NDArray hidden = model.decode(model.promptEmbeddings(m, prompt, true), prompt.positions(), cache, true, true);
    long t = prompt.length();
    NDArray lastGraph = hidden.get(":, " + (t - 1) + ":" + t + ", :"); // [1, 1, H]
    KvCache leaves = model.newCache(m);
    for (int i = 0; i < model.text().layers().size(); i++) {
      Attention.Kv kv = cache.visible(i).get(0);
      leaves.append(i, new Attention.Kv(leaf(kv.k(), trains.upstream()), leaf(kv.v(), trains.upstream())));
    }
    leaves.advance((int) t);
    return new PromptState(leaves, leaf(lastGraph, trains.prompt()), cache, lastGraph, null, null, null);
  }

  /**
   * The prompt layer by layer without autograd, each layer's activations freed after it; with {@code save}, each
   * layer's input is kept for recomputation.
   */
  static PromptState layered(Qwen25VlModel model, NDManager m, ModelInputs prompt, boolean training,
      Trainability trains, boolean save) {
    NDArray embeds = GradMode.off(() -> model.promptEmbeddings(m, prompt, training)); // [1, T, H]
    KvCache cache = model.newCache(m);
    MRope.Tables rope = model.text().rope().tables(m, prompt.positions(), embeds.getDataType());
    List<NDArray> saved = save ? new ArrayList<>() : null;
    NDArray x = LayerLoop.forward(model.text().layers(), embeds, rope, cache, true, training, saved, m);
    cache.advance(prompt.length());
    long t = prompt.length();
    NDArray last = GradMode.off(() -> model.text().norm().forward(x).get(":, " + (t - 1) + ":" + t + ", :"));
    for (int i = 0; i < model.text().layers().size() && trains.upstream(); i++) {
      Attention.Kv kv = cache.visible(i).get(0); // computed without autograd: leaves already
      kv.k().setRequiresGradient(true);
      kv.v().setRequiresGradient(true);
    }
    if (trains.prompt()) {
      last.setRequiresGradient(true);
    }
    return new PromptState(cache, last, null, null, saved, x, rope);
  }

  private static NDArray leaf(NDArray a, boolean grad) {
    NDArray l = a.stopGradient();
    if (grad) {
      l.setRequiresGradient(true);
    }
    return l;
  }

  /** The keys and values the completions attend to. */
  KvCache visible() {
    return visible;
  }

  /** The prompt's last hidden state after the final norm [1, 1, H]: it predicts the first completion token. */
  NDArray last() {
    return last;
  }

  /**
   * Backward through the prompt with the gradients the completions left on the leaves: one call over the kept graph,
   * or layer by layer by recomputation. {@code kvUsed}: the completions read the keys and values (L > 1).
   */
  void backward(Qwen25VlModel model, NDManager m, ModelInputs prompt, Trainability trains, boolean kvUsed,
      GradientCollector gc) {
    if (!trains.prompt()) {
      return;
    }
    int layers = model.text().layers().size();
    if (saved == null) {
      NDArray target = lastGraph.mul(last.getGradient()).sum();
      for (int i = 0; i < layers && kvUsed && trains.upstream(); i++) {
        Attention.Kv g = graphCache.visible(i).get(0);
        Attention.Kv leaf = visible.visible(i).get(0);
        target = target.add(g.k().mul(leaf.k().getGradient()).sum()).add(g.v().mul(leaf.v().getGradient()).sum());
      }
      gc.backward(target);
      return;
    }
    long t = prompt.length();
    NDArray xl = finalInput.stopGradient();
    xl.setRequiresGradient(true);
    NDArray head = model.text().norm().forward(xl).get(":, " + (t - 1) + ":" + t + ", :");
    gc.backward(head.mul(last.getGradient()).sum());
    if (!trains.upstream()) {
      return;
    }
    List<NDArray[]> kvGrads = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      Attention.Kv leaf = visible.visible(i).get(0);
      kvGrads.add(kvUsed ? new NDArray[] {leaf.k().getGradient(), leaf.v().getGradient()} : new NDArray[2]);
    }
    NDArray g = LayerLoop.backward(model.text().layers(), saved, trains.firstLayer(), xl.getGradient(), rope, null,
        kvGrads, true, gc, m);
    if (trains.embed()) {
      gc.backward(model.promptEmbeddings(m, prompt, true).mul(g).sum()); // the embeddings and the vision tower
    }
  }
}
