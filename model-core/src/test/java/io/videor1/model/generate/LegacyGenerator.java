package io.videor1.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.tokenizer.QwenTokenizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The generator as it was before issue #29's parts 2 and 3, kept verbatim but for its name and its cache (the
 * concatenating {@link LegacyKvCache}): the reference the new generator's one-prompt path must equal token for token.
 *
 * <p>Batched sampling of G completions of one prompt with a KV cache.
 *
 * <p>The prompt (vision included) is prefilled once with batch 1; its cache is then shared, without copies, by the G
 * samples, which decode together with batch G (rows drop out of the batch as they finish). Sample j draws its tokens
 * from its own stream seeded by {@link Seeds#derive}(seed, step, prompt, j), so a sample replays token for token.
 * Runs without autograd; call it outside a {@code GradientCollector}.
 */
final class LegacyGenerator {
  private final Qwen25VlModel model;
  private final QwenTokenizer tokenizer;
  private final int eosId;
  private final SamplerKind samplerKind;

  /** The same with a chosen sampler algorithm (both draw the same tokens; benchmarks time the old one). */
  LegacyGenerator(Qwen25VlModel model, QwenTokenizer tokenizer, int eosId, SamplerKind samplerKind) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.eosId = eosId;
    this.samplerKind = samplerKind;
  }

  /**
   * Generates {@code n} completions of {@code prompt}.
   *
   * @param parent manager under which the call's arrays are created and freed
   */
  public List<Completion> generate(NDManager parent, ModelInputs prompt, int n, SamplingParams params,
      Generator.SeedIds seeds) {
    int vocab = model.config().text().vocabSize();
    TokenSampler sampler = new TokenSampler(params, vocab, samplerKind);
    Set<Integer> stops = new HashSet<>(params.stopTokenIds());
    stops.add(eosId);
    List<List<Integer>> tokens = new ArrayList<>();
    List<List<Float>> logps = new ArrayList<>();
    SplittableRandom[] rngs = new SplittableRandom[n];
    Completion.FinishReason[] reasons = new Completion.FinishReason[n];
    for (int j = 0; j < n; j++) {
      tokens.add(new ArrayList<>());
      logps.add(new ArrayList<>());
      rngs[j] = new SplittableRandom(seeds.sample(j));
    }
    if (params.maxNewTokens() > 0 && n > 0) {
      try (NDManager gm = parent.newSubManager()) {
        decodeLoop(gm, prompt, n, params, sampler, stops, tokens, logps, rngs, reasons, vocab);
      }
    }
    List<Completion> out = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      int[] ids = tokens.get(j).stream().mapToInt(Integer::intValue).toArray();
      float[] lp = new float[ids.length];
      for (int i = 0; i < lp.length; i++) {
        lp[i] = logps.get(j).get(i);
      }
      Completion.FinishReason r = reasons[j] == null ? Completion.FinishReason.LENGTH : reasons[j];
      out.add(new Completion(ids, tokenizer.decode(ids, true), lp, r, seeds.sample(j)));
    }
    return out;
  }

  private void decodeLoop(NDManager gm, ModelInputs prompt, int n, SamplingParams params, TokenSampler sampler,
      Set<Integer> stops, List<List<Integer>> tokens, List<List<Float>> logps, SplittableRandom[] rngs,
      Completion.FinishReason[] reasons, int vocab) {
    LegacyKvCache prefix = new LegacyKvCache(gm, model.config().text().numHiddenLayers());
    float[] first;
    try (NDManager step = gm.newSubManager()) {
      NDArray emb = model.promptEmbeddings(step, prompt, false); // [1, T, H]
      NDArray h = model.decode(emb, prompt.positions(), prefix, true, false); // [1, T, H]
      first = model.logits(h.get(":, -1:, :"), false).toFloatArray(); // [V]
    }
    LegacyKvCache cache = prefix.fork(gm);
    int[] active = new int[n];
    int[] next = new int[n];
    for (int j = 0; j < n; j++) {
      active[j] = j;
      next[j] = pick(first, 0, vocab, sampler, rngs[j], j, stops, tokens, logps, reasons, params);
    }
    int count = n;
    for (int t = 1; t < params.maxNewTokens(); t++) {
      int[] keep = new int[count];
      int kept = 0;
      for (int r = 0; r < count; r++) {
        if (reasons[active[r]] == null) {
          keep[kept++] = r;
        }
      }
      if (kept == 0) {
        return;
      }
      if (kept < count) {
        try (NDManager step = gm.newSubManager()) {
          cache.keepRows(step.create(java.util.Arrays.copyOf(toLongs(keep), kept)));
        }
        int[] a = new int[kept];
        int[] x = new int[kept];
        for (int r = 0; r < kept; r++) {
          a[r] = active[keep[r]];
          x[r] = next[keep[r]];
        }
        active = a;
        next = x;
        count = kept;
      }
      float[] logits;
      try (NDManager step = gm.newSubManager()) {
        NDArray ids = step.create(toLongs(next), new Shape(count, 1));
        int pos = prompt.positionAfter(prompt.length() + t - 1);
        NDArray h = model.decode(model.embed(ids), io.videor1.model.text.MRope.textPositions(pos, 1), cache, true,
            false); // [A, 1, H]
        logits = model.logits(h, false).toFloatArray(); // [A·V]
      }
      for (int r = 0; r < count; r++) {
        int j = active[r];
        next[r] = pick(logits, r * vocab, vocab, sampler, rngs[j], j, stops, tokens, logps, reasons, params);
      }
    }
  }

  private static int pick(float[] logits, int off, int vocab, TokenSampler sampler, SplittableRandom rng, int j,
      Set<Integer> stops, List<List<Integer>> tokens, List<List<Float>> logps, Completion.FinishReason[] reasons,
      SamplingParams params) {
    int tok = sampler.sample(logits, off, vocab, rng);
    tokens.get(j).add(tok);
    logps.get(j).add(sampler.logProb(logits, off, vocab, tok));
    if (stops.contains(tok)) {
      reasons[j] = Completion.FinishReason.STOP;
    } else if (tokens.get(j).size() >= params.maxNewTokens()) {
      reasons[j] = Completion.FinishReason.LENGTH;
    }
    return tok;
  }

  private static long[] toLongs(int[] a) {
    long[] l = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      l[i] = a[i];
    }
    return l;
  }
}
