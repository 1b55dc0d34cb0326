package io.videor1.model.logprob;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.nn.Casts;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.text.KvCache;
import io.videor1.model.text.MRope;
import java.util.List;

/**
 * Teacher-forced per-token log-probs of G completions of one prompt (the policy and reference passes of GRPO).
 *
 * <p>The prompt is run once with batch 1 and its keys/values are shared by the G completions, which run together
 * with batch G; this equals G separate passes over [prompt; completion_i] because attention is causal, and gradients
 * flow into the shared prompt pass. Call inside a {@code GradientCollector} for the policy (autograd) and outside
 * one for the frozen reference (no graph is recorded). Tokens after a completion's first EOS are masked out.
 */
public final class TokenLogProbs {
  private TokenLogProbs() {}

  /**
   * Log-probs and mask of a group.
   *
   * @param logp [G, L] log p(token_t | prompt, tokens_&lt;t), L = the longest completion; padding positions hold
   *     arbitrary values
   * @param mask [G, L] float, 1 up to and including the first EOS (or the completion's end), 0 after
   * @param lengths valid tokens per completion [G]
   */
  public record Result(NDArray logp, NDArray mask, int[] lengths) {}

  /**
   * Computes the log-probs under {@code m} (which the caller closes after any backward pass).
   *
   * @param completions G completions (token ids, any lengths ≥ 1)
   * @param eosId the end-of-sequence id (masking starts after its first occurrence)
   * @param padId id used to pad shorter completions
   * @param training enables LoRA dropout
   */
  public static Result compute(Qwen25VlModel model, NDManager m, ModelInputs prompt, List<int[]> completions,
      int eosId, int padId, boolean training) {
    Targets tg = Targets.of(completions, eosId, padId);
    int g = tg.size();
    int len = tg.length();
    NDArray targets = m.create(tg.ids(), new Shape(g, len)); // [G, L]
    KvCache cache = model.newCache(m);
    NDArray promptHidden = model.decode(model.promptEmbeddings(m, prompt, training), prompt.positions(), cache,
        true, training); // [1, T, H]
    long t = prompt.length();
    NDArray last = promptHidden.get(":, " + (t - 1) + ":" + t + ", :").broadcast(g, 1, promptHidden.getShape().get(2));
    NDArray hidden = last; // [G, 1, H]
    if (len > 1) {
      NDArray inputs = targets.get(":, 0:" + (len - 1)); // [G, L-1]
      int start = prompt.positionAfter(prompt.length());
      NDArray h = model.decode(model.embed(inputs), MRope.textPositions(start, len - 1), cache, false, training);
      hidden = NDArrays.concat(new NDList(last, h), 1); // [G, L, H]
    }
    NDArray logp = gatherLogProbs(model, hidden, targets, training); // [G, L]
    return new Result(logp, m.create(tg.mask(), new Shape(g, len)), tg.lengths());
  }

  /** log_softmax(lm_head(hidden))[target], in chunks of positions to bound the [G, chunk, V] logits. */
  static NDArray gatherLogProbs(Qwen25VlModel model, NDArray hidden, NDArray targets, boolean training) {
    long len = hidden.getShape().get(1);
    long chunk = Math.max(1, 262_144L * 64 / Math.max(1, hidden.getShape().get(0) * model.config().text().vocabSize()));
    NDList parts = new NDList();
    for (long s = 0; s < len; s += chunk) {
      long e = Math.min(len, s + chunk);
      NDArray logits = model.logits(hidden.get(":, " + s + ":" + e + ", :"), training); // [G, c, V]
      NDArray lp = logSoftmax(logits, 2); // [G, c, V] float32
      NDArray idx = targets.get(":, " + s + ":" + e).expandDims(2); // [G, c, 1]
      parts.add(lp.gather(idx, 2).squeeze(2)); // [G, c]
    }
    return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 1);
  }

  /**
   * log_softmax over {@code axis} in float32 whatever the logits' dtype, as autocast runs {@code log_softmax}: in
   * float16 the normaliser over 152k ids would carry 11 bits, and the loss and its gradient start here.
   */
  public static NDArray logSoftmax(NDArray logits, int axis) {
    if (logits.getDataType() == DataType.FLOAT32) {
      return logits.logSoftmax(axis);
    }
    return Casts.to(logits, DataType.FLOAT32).logSoftmax(axis); // toType would cut the gradient
  }
}
