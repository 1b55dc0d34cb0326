package io.videor1.model.logprob;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.nn.GradMode;
import io.videor1.model.nn.Scalars;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.text.KvCache;
import io.videor1.model.text.MRope;
import io.videor1.model.text.TextModel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Teacher-forced log-probs of a group (one prompt, G completions) with activation memory bounded by settings instead
 * of by G: the prompt is encoded once, the completions run in micro-batches of {@link Options#microBatch} rows, and
 * with {@link Options#recompute} only each decoder layer's input is kept and the layer is recomputed in backward
 * ({@link LayerLoop}).
 *
 * <p>How the prompt is shared: its keys and values of every layer and its last hidden state (which predicts the first
 * completion token) become leaves that require grad. Each micro-batch attends to them, computes its part of the loss
 * ({@link PartLoss}, normalised by the whole group) and runs backward, which accumulates the parameters' gradients
 * and the leaves'. Last, one backward through the prompt with the leaves' gradients as upstream
 * ({@code sum(K·gK) + sum(V·gV) + sum(h·gh)}) gives the prompt's share. The sums are those of one pass over the whole
 * group, added in another order, so the gradients equal {@link TokenLogProbs}' within float rounding.
 */
public final class GroupPass {
  private GroupPass() {}

  /**
   * How a pass bounds its memory.
   *
   * @param microBatch completions per forward (0: the whole group)
   * @param recompute keep each decoder layer's input only and recompute the layer in backward
   */
  public record Options(int microBatch, boolean recompute) implements Serializable {
    public Options {
      if (microBatch < 0) {
        throw new IllegalArgumentException("the log-prob micro-batch must be >= 0 (got " + microBatch + ")");
      }
    }

    /** One batch, every activation kept: {@link TokenLogProbs}, exactly as before these settings existed. */
    public static Options plain() {
      return new Options(0, false);
    }

    /** Whether a group of {@code g} completions takes the plain pass. */
    public boolean plainFor(int g) {
      return !recompute && (microBatch == 0 || microBatch >= g);
    }

    int rows(int g) {
      return microBatch == 0 ? g : Math.min(microBatch, g);
    }
  }

  /**
   * The loss of rows {@code [from, to)} of the group, from their log-probs [n, L] and mask [n, L], normalised by the
   * whole group's {@code totals} so that the parts add up to the group's loss.
   */
  @FunctionalInterface
  public interface PartLoss {
    NDArray loss(NDArray logp, NDArray mask, int from, int to, NdPolicyObjective.Totals totals);
  }

  /**
   * A pass's values.
   *
   * @param logp [G·L] row-major log-probs (padding positions hold arbitrary values)
   * @param mask [G·L] 1 on valid tokens
   * @param lengths valid tokens per completion
   * @param length L
   * @param loss the sum of the parts' losses (0 for a forward pass)
   */
  public record Result(float[] logp, float[] mask, int[] lengths, int length, double loss) {}

  /** Log-probs without autograd (the reference pass), one micro-batch and one layer's activations at a time. */
  public static Result forward(Qwen25VlModel model, NDManager m, ModelInputs prompt, List<int[]> completions,
      int eosId, int padId, Options opts) {
    return GradMode.off(() -> {
      Targets tg = Targets.of(completions, eosId, padId);
      PromptState p = PromptState.layered(model, m, prompt, false, Trainability.NONE, false);
      float[] logp = new float[tg.ids().length];
      for (int a = 0; a < tg.size(); a += opts.rows(tg.size())) {
        int b = Math.min(tg.size(), a + opts.rows(tg.size()));
        try (NDManager mb = m.newSubManager()) {
          NDArray x = completionInputs(model, mb, tg, a, b);
          NDArray h = x == null ? null : model.text().norm().forward(LayerLoop.forward(model.text().layers(), x,
              completionRope(model, mb, prompt, tg), p.visible(), false, false, null, mb));
          copyRows(logits(model, mb, p, tg, a, b, h, false), logp, a, tg.length());
        }
      }
      return new Result(logp, tg.mask(), tg.lengths(), tg.length(), 0);
    });
  }

  /**
   * Log-probs with autograd, micro-batch by micro-batch: each part's loss, times {@code lossScale} (float16's
   * dynamic loss scale; 1 for none), is backpropagated inside {@code gc}, then the prompt's share. Afterwards the
   * trainable parameters hold the group's gradient; {@link Result#loss} is unscaled.
   */
  public static Result backward(Qwen25VlModel model, NDManager m, ModelInputs prompt, List<int[]> completions,
      int eosId, int padId, Options opts, PartLoss partLoss, float lossScale, GradientCollector gc) {
    Targets tg = Targets.of(completions, eosId, padId);
    NdPolicyObjective.Totals totals = NdPolicyObjective.Totals.of(tg.size(), tg.mask());
    Trainability trains = Trainability.of(model);
    PromptState p = opts.recompute() || !trains.prompt()
        ? PromptState.layered(model, m, prompt, true, trains, opts.recompute())
        : PromptState.withGraph(model, m, prompt, trains);
    float[] logp = new float[tg.ids().length];
    double loss = 0;
    for (int a = 0; a < tg.size(); a += opts.rows(tg.size())) {
      int b = Math.min(tg.size(), a + opts.rows(tg.size()));
      try (NDManager mb = m.newSubManager()) {
        NDArray x0 = completionInputs(model, mb, tg, a, b); // [n, L-1, H], with autograd when embeddings train
        MRope.Tables rope = x0 == null ? null : completionRope(model, mb, prompt, tg);
        List<NDArray> saved = new ArrayList<>();
        NDArray xl = null;
        NDArray h = null;
        if (x0 != null && opts.recompute()) {
          NDArray last = LayerLoop.forward(model.text().layers(), x0.stopGradient(), rope, p.visible(), false, true,
              saved, mb);
          xl = last.stopGradient();
          xl.setRequiresGradient(true);
          h = model.text().norm().forward(xl);
        } else if (x0 != null) {
          h = model.decode(x0, MRope.textPositions(prompt.positionAfter(prompt.length()), tg.length() - 1),
              p.visible(), false, true);
        }
        NDArray lp = logits(model, mb, p, tg, a, b, h, true); // [n, L]
        NDArray part = partLoss.loss(lp, mb.create(tg.mask(a, b), lp.getShape()), a, b, totals);
        loss += part.getFloat();
        copyRows(lp.stopGradient(), logp, a, tg.length());
        gc.backward(lossScale == 1f ? part : part.mul(Scalars.of(part, lossScale)));
        if (xl != null && trains.upstream()) {
          NDArray g = LayerLoop.backward(model.text().layers(), saved, trains.firstLayer(), xl.getGradient(), rope,
              p.visible(), null, true, gc, mb);
          if (trains.embed()) {
            gc.backward(x0.mul(g).sum());
          }
        }
      }
    }
    p.backward(model, m, prompt, trains, tg.length() > 1, gc);
    return new Result(logp, tg.mask(), tg.lengths(), tg.length(), loss);
  }

  /** Embeddings of rows {@code [a, b)}'s teacher-forced inputs (every target but the last), or null when L = 1. */
  private static NDArray completionInputs(Qwen25VlModel model, NDManager mb, Targets tg, int a, int b) {
    if (tg.length() < 2) {
      return null;
    }
    NDArray targets = mb.create(tg.ids(a, b), new Shape(b - a, tg.length()));
    return model.embed(targets.get(":, 0:" + (tg.length() - 1))); // [n, L-1, H]
  }

  private static MRope.Tables completionRope(Qwen25VlModel model, NDManager mb, ModelInputs prompt, Targets tg) {
    TextModel text = model.text();
    return text.rope().tables(mb, MRope.textPositions(prompt.positionAfter(prompt.length()), tg.length() - 1),
        model.dataType());
  }

  /** Log-probs [n, L] of rows {@code [a, b)}: the prompt's last state predicts token 0, {@code h} the rest. */
  private static NDArray logits(Qwen25VlModel model, NDManager mb, PromptState p, Targets tg, int a, int b, NDArray h,
      boolean training) {
    NDArray last = p.last().broadcast(b - a, 1, p.last().getShape().get(2)); // [n, 1, H]
    last.attach(mb); // so that the concatenation and the logits belong to the micro-batch
    NDArray hidden = h == null ? last : NDArrays.concat(new NDList(last, h), 1); // [n, L, H]
    NDArray targets = mb.create(tg.ids(a, b), new Shape(b - a, tg.length()));
    return TokenLogProbs.gatherLogProbs(model, hidden, targets, training);
  }

  private static void copyRows(NDArray lp, float[] out, int row, int len) {
    float[] v = lp.toFloatArray();
    System.arraycopy(v, 0, out, row * len, v.length);
  }
}
