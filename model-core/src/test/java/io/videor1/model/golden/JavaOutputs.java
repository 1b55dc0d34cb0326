package io.videor1.model.golden;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.generate.Completion;
import io.videor1.model.generate.Generator;
import io.videor1.model.generate.SamplingParams;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.preprocess.RopeIndex;
import io.videor1.model.text.KvCache;
import io.videor1.model.text.MRope;
import io.videor1.model.vision.WindowPlan;
import io.videor1.vision.GridThw;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the golden files hold, computed by the project's own processor and model for one case, keyed like the
 * golden tensors (without the case prefix). A key compared two ways carries the way after a space:
 * {@code greedy_logprobs} is teacher forcing, {@code greedy_logprobs (sampler)} the log-probs the sampler recorded.
 */
public final class JavaOutputs {
  private JavaOutputs() {}

  /** Runs case {@code c} on {@code vlm}. */
  public static Map<String, GoldenValues> of(VisionLanguageModel vlm, GoldenCase c) {
    Map<String, GoldenValues> out = new LinkedHashMap<>();
    ModelInputs in = vlm.processor().process(c.prompt(), c.images(), c.videos());
    int t = in.length();
    out.put("input_ids", GoldenValues.ints(new long[] {t}, in.inputIds()));
    out.put("position_ids", GoldenValues.ints(new long[] {3, t}, flat(in.positions())));
    out.put("rope_delta", GoldenValues.ints(new long[] {1}, new int[] {in.ropeDelta()}));
    if (!in.videoGrids().isEmpty()) {
      out.put("second_per_grid_ts", GoldenValues.doubles(new long[] {in.videoGrids().size()}, in.secondPerGridTs()));
    }
    Qwen25VlConfig cfg = vlm.model().config();
    RopeIndex.Result truncated = RopeIndex.compute(in.inputIds(), in.imageGrids(), in.videoGrids(),
        in.secondPerGridTs(), cfg.imageTokenId(), cfg.videoTokenId(), cfg.visionStartTokenId(),
        cfg.vision().spatialMergeSize(), cfg.vision().tokensPerSecond(), RopeIndex.SecondsPerGrid.TRUNCATED);
    out.put("position_ids_int_spg", GoldenValues.ints(new long[] {3, t}, flat(truncated.positions())));
    out.put("rope_delta_int_spg", GoldenValues.ints(new long[] {1}, new int[] {truncated.delta()}));
    vision(vlm, "image", in.imagePixels(), in.imageGrids(), out);
    vision(vlm, "video", in.videoPixels(), in.videoGrids(), out);
    if (in.imageGrids().size() + in.videoGrids().size() == 1) { // the single-item keys of the tiny layout
      String kind = in.imageGrids().isEmpty() ? "video" : "image";
      out.put("pixel_values", out.get(kind + "_pixel_values"));
      out.put("grid_thw", out.get(kind + "_grid_thw"));
    }
    int vocab = cfg.text().vocabSize();
    out.put("logits", GoldenValues.floats(new long[] {t, vocab}, logits(vlm.model(), in, new int[0])));
    Completion greedy = vlm.generate(in, 1, SamplingParams.greedy(c.greedyTokens()), new Generator.SeedIds(0, 0, 0))
        .get(0);
    int[] g = greedy.tokenIds();
    int k = g.length;
    out.put("greedy", GoldenValues.ints(new long[] {k}, g));
    out.put("greedy_logits", GoldenValues.floats(new long[] {k, vocab}, cachedStepLogits(vlm.model(), in, g)));
    out.put("greedy_logprobs (sampler)", GoldenValues.floats(new long[] {k}, greedy.logProbs()));
    try (NDManager m = vlm.newManager()) {
      float[] tf = vlm.logProbs(m, in, List.of(g), false).logp().toFloatArray(); // [1, K]
      out.put("greedy_logprobs", GoldenValues.floats(new long[] {k}, tf));
    }
    int[] fed = java.util.Arrays.copyOf(g, Math.max(0, k - 1)); // every greedy token but the last
    out.put("full_logits", GoldenValues.floats(new long[] {t + fed.length, vocab}, logits(vlm.model(), in, fed)));
    return out;
  }

  /** Patches, grids, tower outputs and the window partition of one kind of item (nothing when there are none). */
  private static void vision(VisionLanguageModel vlm, String kind, float[] pixels, List<GridThw> grids,
      Map<String, GoldenValues> out) {
    if (grids.isEmpty()) {
      return;
    }
    var vc = vlm.model().config().vision();
    int patchDim = vc.patchDim();
    out.put(kind + "_pixel_values", GoldenValues.floats(new long[] {pixels.length / patchDim, patchDim}, pixels));
    int[] g = grids.stream().flatMapToInt(x -> java.util.stream.IntStream.of(x.t(), x.h(), x.w())).toArray();
    out.put(kind + "_grid_thw", GoldenValues.ints(new long[] {grids.size(), 3}, g));
    try (NDManager m = vlm.newManager()) {
      NDArray x = m.create(pixels, new Shape(pixels.length / patchDim, patchDim)); // [N, patchDim]
      NDArray emb = vlm.model().visual().forward(x, grids, false); // [N/4, out_hidden]
      out.put(kind + "_embeds", GoldenValues.floats(emb.getShape().getShape(), emb.toFloatArray()));
    }
    WindowPlan plan = WindowPlan.of(grids, vc);
    out.put(kind + "_window_index", GoldenValues.ints(new long[] {plan.unitOrder().length}, plan.unitOrder()));
    int[] cu = new int[plan.windowLengths().length + 1]; // [0, cumulative patches per window]
    for (int i = 0; i < plan.windowLengths().length; i++) {
      cu[i + 1] = cu[i] + plan.windowLengths()[i];
    }
    out.put(kind + "_cu_window_seqlens", GoldenValues.ints(new long[] {cu.length}, cu));
  }

  /**
   * Logits [T + n, V] of one uncached pass over the prompt followed by {@code tokens} as text (the positions a
   * generated token gets: T + j + rope delta).
   */
  static float[] logits(Qwen25VlModel model, ModelInputs in, int[] tokens) {
    try (NDManager m = model.manager().newSubManager()) {
      NDArray emb = model.promptEmbeddings(m, in, false); // [1, T, H]
      int[][] pos = in.positions();
      if (tokens.length > 0) {
        NDArray ids = m.create(longs(tokens), new Shape(1, tokens.length));
        emb = NDArrays.concat(new NDList(emb, model.embed(ids)), 1); // [1, T + n, H]
        int[][] after = MRope.textPositions(in.positionAfter(in.length()), tokens.length);
        int[][] all = new int[3][];
        for (int a = 0; a < 3; a++) {
          all[a] = concat(pos[a], after[a]);
        }
        pos = all;
      }
      NDArray h = model.decode(emb, pos, null, false, false); // [1, T + n, H]
      return model.logits(h, false).toFloatArray();
    }
  }

  /** Logits [K, V] of each greedy step as cached generation computes them: the prefill, then one token per step. */
  static float[] cachedStepLogits(Qwen25VlModel model, ModelInputs in, int[] greedy) {
    int vocab = model.config().text().vocabSize();
    float[] out = new float[greedy.length * vocab];
    try (NDManager m = model.manager().newSubManager()) {
      KvCache cache = model.newCache(m);
      NDArray h = model.decode(model.promptEmbeddings(m, in, false), in.positions(), cache, true, false); // [1, T, H]
      NDArray last = h.get(":, -1:, :"); // [1, 1, H]
      for (int step = 0; step < greedy.length; step++) {
        if (step > 0) {
          NDArray ids = m.create(new long[] {greedy[step - 1]}, new Shape(1, 1));
          int pos = in.positionAfter(in.length() + step - 1);
          last = model.decode(model.embed(ids), MRope.textPositions(pos, 1), cache, true, false); // [1, 1, H]
        }
        System.arraycopy(model.logits(last, false).toFloatArray(), 0, out, step * vocab, vocab);
      }
    }
    return out;
  }

  private static int[] flat(int[][] rows) {
    int[] out = new int[0];
    for (int[] r : rows) {
      out = concat(out, r);
    }
    return out;
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static long[] longs(int[] a) {
    return java.util.Arrays.stream(a).asLongStream().toArray();
  }
}
