package io.videor1.train.sft;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.logprob.TokenLogProbs;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.tokenizer.QwenTokenizer;
import io.videor1.prompt.PromptMeta;
import io.videor1.prompt.Prompts;
import io.videor1.train.run.ModelSpec;
import java.util.Arrays;
import java.util.Locale;

/**
 * One SFT training sequence: the rendered conversation with its media, and which next-token targets count.
 *
 * <p>The loss is teacher-forced next-token cross-entropy averaged over the counted targets of the sequence (a
 * sequence's token mean, as the reference's per-device batch of one). {@link LossOn#RESPONSE} (default) counts the
 * assistant's response through its {@code <|im_end|>}; {@link LossOn#ALL} is the reference's collator (spec §6.2,
 * §11.10): every token of system, user and assistant turns except the {@code <|image_pad|>} ids, video pads
 * included.
 *
 * @param inputs the whole conversation as model inputs [N tokens]
 * @param weights 1 where the target {@code ids[t + 1]} counts, else 0 [N − 1]
 * @param targets the number of counted targets
 */
public record SftExample(ModelInputs inputs, float[] weights, int targets) {

  /** Which next-token targets the loss counts. */
  public enum LossOn {
    /** The assistant's response and its end-of-turn token. */
    RESPONSE,
    /** Everything but image pads: the reference's behaviour. */
    ALL;

    /** Parses {@code response} or {@code all}; the message names {@code key}. */
    public static LossOn parse(String s, String key) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(key + " must be response or all (got '" + s + "')");
      }
    }
  }

  /** Builds the sequence of a CoT record ({@code m.process()} must be set). */
  public static SftExample build(VisionLanguageModel vlm, PromptMeta m, byte[][] frames, ModelSpec spec,
      LossOn lossOn) {
    if (m.process() == null) {
      throw new IllegalArgumentException("record " + m.promptId() + " has no chain of thought (process)");
    }
    String full = Prompts.sftConversation(m.question(), spec.promptStyle(), m.process(), m.solution());
    ModelInputs in = Prompts.process(vlm, m.input(frames, spec.promptFps()), full);
    int[] ids = in.inputIds();
    int n = ids.length;
    float[] w = new float[n - 1];
    if (lossOn == LossOn.RESPONSE) {
      QwenTokenizer tok = vlm.tokenizer();
      int[] rawFull = tok.encode(full);
      int[] rawPrompt = tok.encode(Prompts.sftPrompt(m.question(), spec.promptStyle()));
      if (!Arrays.equals(rawPrompt, Arrays.copyOf(rawFull, rawPrompt.length))) {
        throw new IllegalStateException("the SFT prompt does not tokenise as a prefix of the conversation");
      }
      int start = n - (rawFull.length - rawPrompt.length);
      int end = n - 1;
      while (end > start && ids[end] != vlm.eosId()) {
        end--;
      }
      for (int t = start; t <= end; t++) {
        w[t - 1] = 1f;
      }
    } else {
      int imagePad = vlm.model().config().imageTokenId();
      for (int t = 1; t < n; t++) {
        w[t - 1] = ids[t] == imagePad ? 0f : 1f;
      }
    }
    int count = 0;
    for (float x : w) {
      count += x > 0 ? 1 : 0;
    }
    return new SftExample(in, w, count);
  }

  /**
   * The sequence's mean cross-entropy over its counted targets (a scalar in {@code m}; with autograd when called
   * inside a GradientCollector with {@code training}).
   */
  public NDArray loss(Qwen25VlModel model, NDManager m, boolean training) {
    int n = inputs.length();
    int first = 0;
    while (first < weights.length && weights[first] == 0) {
      first++;
    }
    int last = weights.length - 1;
    while (last > first && weights[last] == 0) {
      last--;
    }
    NDArray emb = model.promptEmbeddings(m, inputs, training); // [1, N, H]
    NDArray hidden = model.decode(emb, inputs.positions(), null, false, training); // [1, N, H]
    long[] tgt = new long[last - first + 1];
    for (int t = first; t <= last; t++) {
      tgt[t - first] = inputs.inputIds()[t + 1];
    }
    NDArray targetsNd = m.create(tgt, new Shape(1, tgt.length)); // [1, L]
    long vocab = model.config().text().vocabSize();
    long chunk = Math.max(1, (1L << 24) / vocab);
    NDList parts = new NDList();
    for (long s = first; s <= last; s += chunk) {
      long e = Math.min(last + 1L, s + chunk);
      NDArray logits = model.logits(hidden.get(":, " + s + ":" + e + ", :"), training); // [1, c, V]
      NDArray idx = targetsNd.get(":, " + (s - first) + ":" + (e - first)).expandDims(2); // [1, c, 1]
      parts.add(TokenLogProbs.logSoftmax(logits, 2).gather(idx, 2).squeeze(2)); // [1, c] float32
    }
    NDArray lp = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 1); // [1, L]
    NDArray w = m.create(Arrays.copyOfRange(weights, first, last + 1), new Shape(1, tgt.length)); // [1, L]
    // an array, not a Number: DJL frees a Number's temporary scalar before backward needs it (Scalars)
    return lp.mul(w).sum().neg().div(m.create((float) Math.max(1, targets)));
  }
}
