package io.videor1.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.nn.GradMode;
import io.videor1.model.nn.RowChunks;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.text.BatchCache;
import io.videor1.model.text.GroupCache;
import io.videor1.model.text.KvCache;
import io.videor1.model.text.MRope;
import io.videor1.model.tokenizer.QwenTokenizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Batched sampling of G completions per prompt with a KV cache, for one prompt or several decoding together.
 *
 * <p>Each prompt (vision included) is prefilled once with batch 1; its cache is then shared, without copies, by its
 * samples, whose own keys go to buffers written in place ({@link GroupCache}). The rows of every group decode
 * together, one token per row and step, and drop out as they finish. Sample j of a request draws its tokens from its
 * own stream seeded by {@link Seeds#derive}(seed, step, prompt, j), so a sample replays token for token. Runs without
 * autograd; call it outside a {@code GradientCollector}.
 *
 * <p>{@link #generate} decodes one group with exactly its live rows, the matmul shapes every rollout had before
 * issue #29. {@link #generateBatch} pads each step to a multiple of {@value #ROW_QUANTUM} rows and runs its matrix
 * products in chunks of that many rows ({@link RowChunks}), because the CPU engine gives a row the same bits only in
 * some batch shapes: its elementwise functions run 32 floats at a time (16 on AVX2) with a scalar loop for the
 * remainder, and the two round {@code pow} (RMSNorm's 1/√, one value per row) and {@code sigmoid} differently in the
 * last bit; its matmuls take another kernel below 4 rows, and on some CPUs split a product's reduction over threads
 * by its row count. With every product exactly 32 rows, every row takes the same path in every op wherever it sits
 * ({@code RowInvarianceTest}), and each prompt's rows attend on their own, so a group's completions are the same
 * whatever other groups share its batch, and when it decodes alone through {@code generateBatch}. They may differ in
 * the last bits, and so from some token on, from {@link #generate}'s.
 */
public final class Generator {
  /** {@link #generateBatch} pads each decode step to a multiple of this many rows. */
  public static final int ROW_QUANTUM = 32;

  private final Qwen25VlModel model;
  private final QwenTokenizer tokenizer;
  private final int eosId;
  private final SamplerKind samplerKind;
  private final StepListener listener;

  /** A generator stopping at {@code eosId} ({@code <|im_end|>} for Qwen2.5-VL-Instruct). */
  public Generator(Qwen25VlModel model, QwenTokenizer tokenizer, int eosId) {
    this(model, tokenizer, eosId, SamplerKind.SELECTION);
  }

  /** The same with a chosen sampler algorithm (both draw the same tokens; benchmarks time the old one). */
  public Generator(Qwen25VlModel model, QwenTokenizer tokenizer, int eosId, SamplerKind samplerKind) {
    this(model, tokenizer, eosId, samplerKind, null);
  }

  private Generator(Qwen25VlModel model, QwenTokenizer tokenizer, int eosId, SamplerKind samplerKind,
      StepListener listener) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.eosId = eosId;
    this.samplerKind = samplerKind;
    this.listener = listener;
  }

  /** Where a group's random streams come from. */
  public record SeedIds(long seed, long step, long prompt) {
    /** The stream seed of sample {@code j}. */
    public long sample(int j) {
      return Seeds.derive(seed, step, prompt, j);
    }
  }

  /** One prompt's group: {@code n} completions of {@code prompt}, sample j drawn from {@code seeds.sample(j)}. */
  public record Request(ModelInputs prompt, int n, SeedIds seeds) {
    public Request {
      if (n < 0) {
        throw new IllegalArgumentException("a request for " + n + " completions");
      }
    }
  }

  /** Hears of every decode step (benchmarks): rows decoded, rows computed (padding included), their context, time. */
  public interface StepListener {
    /**
     * @param rows samples that decoded a token
     * @param computedRows rows of the step's matmuls, padding included
     * @param contextTokens the sum over the decoding rows of the positions each attended to (prompt and tokens)
     * @param nanos the forward pass, from the token ids to the logits in Java
     */
    void decodeStep(int rows, int computedRows, long contextTokens, long nanos);
  }

  /** This generator reporting each decode step to {@code l}. */
  public Generator withStepListener(StepListener l) {
    return new Generator(model, tokenizer, eosId, samplerKind, l);
  }

  /**
   * Generates {@code n} completions of {@code prompt}.
   *
   * @param parent manager under which the call's arrays are created and freed
   */
  public List<Completion> generate(NDManager parent, ModelInputs prompt, int n, SamplingParams params,
      SeedIds seeds) {
    return run(parent, List.of(new Request(prompt, n, seeds)), params, 1).get(0);
  }

  /**
   * Generates every request's completions in one decode batch (each request's completions in sample order), each
   * step padded to a multiple of {@value #ROW_QUANTUM} rows; a request's completions do not depend on the others.
   */
  public List<List<Completion>> generateBatch(NDManager parent, List<Request> requests, SamplingParams params) {
    return run(parent, requests, params, ROW_QUANTUM);
  }

  private List<List<Completion>> run(NDManager parent, List<Request> requests, SamplingParams params, int quantum) {
    int vocab = model.config().text().vocabSize();
    TokenSampler sampler = new TokenSampler(params, vocab, samplerKind);
    Set<Integer> stops = new HashSet<>(params.stopTokenIds());
    stops.add(eosId);
    List<GroupDraws> draws = new ArrayList<>();
    for (Request r : requests) {
      draws.add(new GroupDraws(r, params.maxNewTokens()));
    }
    List<GroupDraws> decoding = draws.stream().filter(d -> d.rows() > 0).toList();
    if (params.maxNewTokens() > 0 && !decoding.isEmpty()) {
      try (NDManager gm = parent.newSubManager()) {
        GradMode.off(() -> { // sampling needs no gradient, whatever the thread's mode (GradMode)
          decodeLoop(gm, decoding, params, sampler, stops, vocab, quantum);
          return null;
        });
      }
    }
    List<List<Completion>> out = new ArrayList<>();
    for (GroupDraws d : draws) {
      out.add(d.completions(tokenizer));
    }
    return out;
  }

  private void decodeLoop(NDManager gm, List<GroupDraws> draws, SamplingParams params, TokenSampler sampler,
      Set<Integer> stops, int vocab, int quantum) {
    int layers = model.config().text().numHiddenLayers();
    List<GroupCache> caches = new ArrayList<>();
    for (GroupDraws d : draws) {
      ModelInputs prompt = d.request().prompt();
      KvCache prefix = model.newCache(gm);
      float[] first;
      try (NDManager step = gm.newSubManager()) {
        NDArray emb = model.promptEmbeddings(step, prompt, false); // [1, T, H]
        NDArray h = model.decode(emb, prompt.positions(), prefix, true, false); // [1, T, H]
        first = model.logits(h.get(":, -1:, :"), false).toFloatArray(); // [V]
      }
      d.pick(first, 0, true, vocab, sampler, stops);
      caches.add(new GroupCache(gm, prefix, layers, d.rows(), params.maxNewTokens() - 1));
    }
    for (int t = 1; t < params.maxNewTokens(); t++) {
      List<GroupDraws> live = new ArrayList<>();
      List<GroupCache> liveCaches = new ArrayList<>();
      int rows = 0;
      for (int g = 0; g < draws.size(); g++) {
        GroupDraws d = draws.get(g);
        int before = d.rows();
        int[] kept = d.retire();
        if (kept.length < before) {
          caches.get(g).keep(kept);
        }
        if (d.rows() > 0) {
          live.add(d);
          liveCaches.add(caches.get(g));
          rows += d.rows();
        }
      }
      if (rows == 0) {
        return;
      }
      float[] logits = step(gm, live, liveCaches, rows, (rows + quantum - 1) / quantum * quantum, quantum);
      int row = 0;
      for (GroupDraws d : live) {
        int n = d.rows();
        d.pick(logits, row, false, vocab, sampler, stops);
        row += n;
      }
    }
  }

  /**
   * One decode step of the live groups' rows (padded to {@code padded}, its products in chunks of {@code quantum} rows
   * when above 1); their logits [rows · V].
   */
  private float[] step(NDManager gm, List<GroupDraws> live, List<GroupCache> caches, int rows, int padded,
      int quantum) {
    long[] ids = new long[padded];
    int[] positions = new int[padded];
    long context = 0;
    int r = 0;
    for (GroupDraws d : live) {
      ModelInputs prompt = d.request().prompt();
      int position = prompt.positionAfter(prompt.length() + d.generated() - 1);
      for (int tok : d.lastTokens()) {
        positions[r] = position;
        ids[r++] = tok;
      }
      context += (long) d.rows() * (prompt.length() + d.generated());
    }
    long t0 = System.nanoTime();
    float[] logits;
    try (NDManager step = gm.newSubManager()) {
      NDArray emb = model.embed(step.create(ids, new Shape(padded, 1))); // [P, 1, H]
      MRope.Tables rope = live.size() == 1 && padded == rows
          ? model.rope().tables(step, MRope.textPositions(positions[0], 1), model.dataType()) // [1, 1, 1, D]
          : model.rope().rowTables(step, positions, model.dataType()); // [P, 1, 1, D]
      // the batched path's products in chunks of the quantum, so each row's bits are the same in any batch (RowChunks)
      NDArray l = RowChunks.with(quantum, () -> model.logits(
          model.decode(emb, rope, new BatchCache(caches, padded), true, false), false)); // [P, 1, V]
      logits = (padded == rows ? l : l.get("0:{}", rows)).toFloatArray(); // [A·V]
    }
    if (listener != null) {
      listener.decodeStep(rows, padded, context, System.nanoTime() - t0);
    }
    return logits;
  }
}
