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
 * one for the frozen reference (no graph is recorded). Tokens after a completion's first EOS are masked out. The G
 * completions are padded to the longest, or run in buckets of similar length against the same prompt pass.
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
    return compute(model, m, prompt, completions, eosId, padId, training, false);
  }

  /**
   * The same, the completions run in buckets of similar length ({@link LengthBuckets}) when {@code bucketed}: the
   * prompt still runs once, each bucket is one pass padded only to its own longest, and the buckets' log-probs are put
   * back in the completions' order, padded with zeros. The log-probs the mask keeps are the padded pass's within fp32
   * rounding (a row computed in a batch of another shape may differ in the last bits), not bit for bit, so training
   * uses this only when asked ({@code train.logprob_buckets}).
   */
  public static Result compute(Qwen25VlModel model, NDManager m, ModelInputs prompt, List<int[]> completions,
      int eosId, int padId, boolean training, boolean bucketed) {
    Targets tg = Targets.of(completions, eosId, padId);
    int g = tg.size();
    int len = tg.length();
    long[] ids = tg.ids();
    int[] lengths = tg.lengths();
    NDArray targets = m.create(ids, new Shape(g, len)); // [G, L]
    KvCache cache = model.newCache(m);
    NDArray promptHidden = model.decode(model.promptEmbeddings(m, prompt, training), prompt.positions(), cache,
        true, training); // [1, T, H]
    long t = prompt.length();
    NDArray last = promptHidden.get(":, " + (t - 1) + ":" + t + ", :"); // [1, 1, H]
    NDArray logp;
    if (!bucketed) {
      logp = completionLogProbs(model, prompt, cache, last, targets, training); // [G, L]
    } else {
      // by the positions the mask keeps: what follows a completion's first EOS is never read
      List<int[]> buckets = LengthBuckets.plan(lengths, LengthBuckets.PASS_COST);
      NDList parts = new NDList();
      long[] placed = new long[g]; // completion i's row in the buckets' concatenation
      int row = 0;
      for (int[] b : buckets) {
        int lb = lengths[b[0]];
        if (lb == 0) { // empty completions, in the last bucket (a longer one came first): nothing to score
          for (int r : b) {
            placed[r] = row++;
          }
          parts.add(m.zeros(new Shape(b.length, len), parts.get(0).getDataType()));
          continue;
        }
        long[] bIds = new long[b.length * lb];
        for (int r = 0; r < b.length; r++) {
          System.arraycopy(ids, b[r] * len, bIds, r * lb, lb);
          placed[b[r]] = row++;
        }
        NDArray part = completionLogProbs(model, prompt, cache, last, m.create(bIds, new Shape(b.length, lb)),
            training); // [g_b, l_b]
        parts.add(lb == len ? part : part.concat(m.zeros(new Shape(b.length, len - lb), part.getDataType()), 1));
      }
      NDArray all = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0); // [G, L], bucket order
      logp = all.get(m.create(placed)); // [G, L], completion order
    }
    return new Result(logp, m.create(tg.mask(), new Shape(g, len)), lengths);
  }

  /**
   * Log-probs [B, L] of B completions (rows of {@code targets} [B, L]) after the prompt whose keys {@code cache}
   * holds and whose last hidden state is {@code last} [1, 1, H].
   */
  private static NDArray completionLogProbs(Qwen25VlModel model, ModelInputs prompt, KvCache cache, NDArray last,
      NDArray targets, boolean training) {
    long b = targets.getShape().get(0);
    long len = targets.getShape().get(1);
    NDArray hidden = last.broadcast(b, 1, last.getShape().get(2)); // [B, 1, H]
    if (len > 1) {
      NDArray inputs = targets.get(":, 0:" + (len - 1)); // [B, L-1]
      int start = prompt.positionAfter(prompt.length());
      NDArray h = model.decode(model.embed(inputs), MRope.textPositions(start, (int) len - 1), cache, false,
          training); // [B, L-1, H]
      hidden = NDArrays.concat(new NDList(hidden, h), 1); // [B, L, H]
    }
    return gatherLogProbs(model, hidden, targets, training); // [B, L]
  }

  /** log_softmax(lm_head(hidden))[target], in chunks of positions to bound the [G, chunk, V] logits. */
  static NDArray gatherLogProbs(Qwen25VlModel model, NDArray hidden, NDArray targets, boolean training) {
    long len = hidden.getShape().get(1);
    long chunk = Math.max(1, 262_144L * 64 / Math.max(1, hidden.getShape().get(0) * model.config().text().vocabSize()));
    NDList parts = new NDList();
    boolean withoutGraph = model.headNeedsGradientWithoutGraph(); // float16 head on a CPU, frozen, under autograd
    for (long s = 0; s < len; s += chunk) {
      long e = Math.min(len, s + chunk);
      if (withoutGraph) {
        parts.add(model.targetLogProbs(hidden.get(":, " + s + ":" + e + ", :"), targets.get(":, " + s + ":" + e)));
        continue; // [G, c]
      }
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
