package io.videor1.bench;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import io.videor1.exec.EngineThreads;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.config.PreprocessorConfig;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.generate.Completion;
import io.videor1.model.generate.Generator;
import io.videor1.model.generate.SamplerKind;
import io.videor1.model.generate.SamplingParams;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.preprocess.Processor;
import io.videor1.model.tokenizer.ByteTokenizerFiles;
import io.videor1.model.tokenizer.PromptTemplates;
import io.videor1.train.grpo.TGrpoConfig;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code videor1 bench rollout}: one T-GRPO step's rollout at Qwen's vocabulary, each group decoded alone with the old
 * (sorting) and the new (selection) sampler and greedily as the floor, and every group of the step in one batch
 * ({@code train.rollout_prompts_per_batch}); and the sampler alone at that vocabulary.
 *
 * <p>The shape is the issue's: B prompts, each G completions on ordered frames and G~ on shuffled ones as two
 * generate calls (as {@code RolloutTask} does by default), or all 2B groups as one {@link Generator#generateBatch}
 * call, a fixed token budget with the EOS suppressed so every completion has the same length, on a randomly
 * initialised preset whose vocabulary is widened (the mid preset: 32,000 → 152,064, which makes its LM head the size of
 * Qwen2.5-VL-7B's row). Sampling settings come from {@code conf/train.conf} (with {@code --set train.k=v} applied).
 * The four decodes run interleaved, repeat by repeat, so a drift of the machine's load lands on all of them; the
 * figures are medians over repeats.
 */
public final class RolloutBenchmark {
  /**
   * What to measure; {@code logProbs} false leaves out the log-prob pass, whose padded side holds G x 768 x vocab
   * fp32 logits and their log-softmax (7.5 GB at 152,064 ids).
   */
  public record Options(String preset, int vocab, int prompts, int tokens, int repeats, int threads,
      List<String> sets, boolean logProbs) {
    /** Every part measured. */
    public Options(String preset, int vocab, int prompts, int tokens, int repeats, int threads, List<String> sets) {
      this(preset, vocab, prompts, tokens, repeats, threads, sets, true);
    }
  }

  private RolloutBenchmark() {}

  /** Runs the benchmark, prints the table to {@code out} and returns the figures (the {@code --json} object). */
  public static Map<String, Object> run(Options o, PrintStream out) throws Exception {
    List<String> conf = new ArrayList<>(List.of("train.frames=bench", "train.model=bench", "train.out=bench"));
    conf.addAll(o.sets());
    TGrpoConfig cfg = io.videor1.conf.ConfigLoader.load("train", conf, TGrpoConfig::from);
    int threads = EngineThreads.pin(new EngineThreads.Setting(o.threads()));
    SamplingParams sampling = cfg.sampling();
    String cpu = Stats.cpu();
    out.printf(Locale.ROOT, "bench rollout: preset %s at vocabulary %d, CPU %s, %d engine thread(s); sampling "
        + "temperature %s, top-p %s, top-k %d (conf/train.conf)%n", o.preset(), o.vocab(), cpu, threads,
        sampling.temperature(), sampling.topP(), sampling.topK());

    SamplerTiming.Result s = SamplerTiming.measure(sampling, o.vocab(), Math.max(3, o.repeats() + 2), 8, 200);
    out.printf(Locale.ROOT, "sampler, ms per row-token (median of %d repeats, Gaussian rows): old %.3f, new %.3f, "
        + "old/new %.1fx; the log-prob recorded with each token: old %.3f, new %.3f; draws and log-probs identical "
        + "%d/%d; rows the new sampler left to the reference %d%n", Math.max(3, o.repeats() + 2), s.oldMs(), s.newMs(),
        s.oldMs() / s.newMs(), s.oldLogProbMs(), s.newLogProbMs(), s.compared() - s.mismatches(), s.compared(),
        s.fallbacks());

    Path tok = Files.createTempDirectory("videor1-bench-rollout-");
    Map<String, Double> tps = new LinkedHashMap<>();
    Map<String, DecodeRate> rates = new LinkedHashMap<>();
    boolean identical;
    double peak;
    LogProbTiming.Result lp;
    int tokens = o.prompts() * (cfg.numGenerations() + cfg.numShuffled()) * o.tokens();
    try (VisionLanguageModel vlm = model(o, tok)) {
      List<ModelInputs[]> prompts = prompts(vlm, o.prompts());
      SamplingParams sampled = sampling.withMaxNewTokens(o.tokens()).withSuppressTokenIds(List.of(vlm.eosId()));
      SamplingParams greedy = SamplingParams.greedy(o.tokens()).withSuppressTokenIds(List.of(vlm.eosId()));
      Map<String, List<Double>> seconds = new LinkedHashMap<>();
      List<Completion> oldTokens = null;
      List<Completion> newTokens = null;
      peak = DecodeRate.matmulPeak(2048, 3);
      for (int r = -1; r < o.repeats(); r++) { // r = −1: a short warm-up of every path
        for (String path : List.of("greedy", "new", "batched", "old")) {
          SamplingParams p = path.equals("greedy") ? greedy : sampled;
          if (r < 0) {
            p = p.withMaxNewTokens(Math.min(4, o.tokens()));
          }
          DecodeRate rate = r < 0 ? null : rates.computeIfAbsent(path,
              k -> new DecodeRate(vlm.model().config().text()));
          Generator gen = new Generator(vlm.model(), vlm.tokenizer(), vlm.eosId(), path.equals("old")
              ? SamplerKind.SORTING : SamplerKind.SELECTION);
          gen = rate == null ? gen : gen.withStepListener(rate);
          long t0 = System.nanoTime();
          List<Completion> ids = path.equals("batched") ? batched(vlm, gen, prompts, cfg, p, cfg.run().seed())
              : rollout(vlm, gen, prompts, cfg, p, cfg.run().seed());
          double sec = (System.nanoTime() - t0) / 1e9;
          if (r >= 0) {
            seconds.computeIfAbsent(path, k -> new ArrayList<>()).add(sec);
            check(ids, o.tokens());
            out.printf(Locale.ROOT, "  repeat %d: %-6s %.1f s%n", r + 1, path, sec);
            if (r == 0 && path.equals("old")) {
              oldTokens = ids;
            } else if (r == 0 && path.equals("new")) {
              newTokens = ids;
            }
          }
        }
      }
      identical = same(oldTokens, newTokens);
      lp = o.logProbs() ? LogProbTiming.measure(vlm, prompts.get(0)[0], cfg.numGenerations(), 50, 768, o.repeats())
          : null;
      seconds.forEach((path, sec) -> tps.put(path, tokens / Stats.median(sec)));
    } finally {
      try (var f = Files.walk(tok)) {
        f.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    double samplingShare = 1 - tps.get("new") / tps.get("greedy");
    out.printf(Locale.ROOT, "rollout: %d prompts x (%d + %d shuffled) x %d tokens, EOS suppressed, tokens/s (median "
        + "of %d): greedy %.1f, new %.1f, old %.1f, batched %.1f; new/old %.2fx, batched/old %.2fx; sampling (new - "
        + "greedy) %.1f%% of the new path's time; old and new drew the same tokens and log-probs: %s%n", o.prompts(),
        cfg.numGenerations(), cfg.numShuffled(), o.tokens(), o.repeats(), tps.get("greedy"), tps.get("new"),
        tps.get("old"), tps.get("batched"), tps.get("new") / tps.get("old"), tps.get("batched") / tps.get("old"),
        100 * samplingShare, identical ? "yes" : "NO");
    Map<String, Double> shares = new LinkedHashMap<>();
    rates.forEach((path, rate) -> shares.put(path, rate.flopsPerSecond() / peak));
    out.printf(Locale.ROOT, "decode steps' share of the fp32 matmul peak (%.1f GFLOP/s, 2048^3, same threads): each "
        + "group alone (new) %.1f%%, every group in one batch %.1f%% (%.2f rows computed per row decoded: padding to "
        + "%d)%n", peak / 1e9, 100 * shares.get("new"), 100 * shares.get("batched"), rates.get("batched")
        .paddingFactor(), Generator.ROW_QUANTUM);
    if (lp != null) {
      out.printf(Locale.ROOT, "teacher-forced log-probs, %d completions of %d to %d tokens, forward only, tokens/s "
          + "(median of %d): padded to the longest %.1f, in length buckets %.1f; bucketed/padded %.2fx; max "
          + "|log-prob difference| %.2e%n", lp.lengths().length, lp.lengths()[0], lp.lengths()[lp.lengths().length
          - 1], o.repeats(), lp.padded(), lp.bucketed(), lp.bucketed() / lp.padded(), lp.maxDiff());
    }

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("preset", o.preset());
    json.put("vocab", o.vocab());
    json.put("cpu", cpu);
    json.put("threads", threads);
    json.put("sampler_ms_per_row_token", Map.of("old", s.oldMs(), "new", s.newMs()));
    json.put("sampler_draws_identical", s.mismatches() == 0);
    json.put("sampling_logprob_ms_per_row_token", Map.of("old", s.oldLogProbMs(), "new", s.newLogProbMs()));
    json.put("rollout_tokens_per_s", tps);
    json.put("rollout_tokens_identical", identical);
    json.put("matmul_peak_flops", peak);
    json.put("decode_peak_share", shares.get("batched"));
    json.put("decode_peak_share_by_path", shares);
    json.put("batched_padding_factor", rates.get("batched").paddingFactor());
    json.put("rollout_shape", Map.of("prompts", o.prompts(), "ordered", cfg.numGenerations(), "shuffled",
        cfg.numShuffled(), "new_tokens", o.tokens(), "repeats", o.repeats()));
    json.put("sampling_share", samplingShare);
    if (lp != null) {
      json.put("logprob_tokens_per_s", Map.of("padded", lp.padded(), "packed", lp.bucketed()));
      json.put("logprob_packing", "length buckets (train.logprob_buckets), forward only");
      json.put("logprob_max_abs_diff", lp.maxDiff());
    }
    return json;
  }

  /** The figures as one JSON object. */
  public static String json(Map<String, Object> figures) {
    return new GsonBuilder().serializeNulls().create().toJson(figures);
  }

  /** Each prompt's ordered group, then its shuffled group, as two generate calls; the completions in order. */
  static List<Completion> rollout(VisionLanguageModel vlm, Generator gen, List<ModelInputs[]> prompts,
      TGrpoConfig cfg, SamplingParams p, long seed) {
    List<Completion> out = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) {
      try (NDManager m = vlm.newManager()) {
        out.addAll(gen.generate(m, prompts.get(i)[0], cfg.numGenerations(), p, new Generator.SeedIds(seed, 1, i)));
        out.addAll(gen.generate(m, prompts.get(i)[1], cfg.numShuffled(), p, new Generator.SeedIds(seed + 1, 1, i)));
      }
    }
    return out;
  }

  /** The same groups (the same seeds) as one generateBatch call; the completions in the same order. */
  static List<Completion> batched(VisionLanguageModel vlm, Generator gen, List<ModelInputs[]> prompts,
      TGrpoConfig cfg, SamplingParams p, long seed) {
    List<Generator.Request> requests = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) {
      requests.add(new Generator.Request(prompts.get(i)[0], cfg.numGenerations(), new Generator.SeedIds(seed, 1, i)));
      requests.add(new Generator.Request(prompts.get(i)[1], cfg.numShuffled(), new Generator.SeedIds(seed + 1, 1, i)));
    }
    List<Completion> out = new ArrayList<>();
    try (NDManager m = vlm.newManager()) {
      gen.generateBatch(m, requests, p).forEach(out::addAll);
    }
    return out;
  }

  /** The preset with its vocabulary widened to {@code o.vocab()}, randomly initialised, with a byte tokenizer. */
  private static VisionLanguageModel model(Options o, Path tok) throws Exception {
    Qwen25VlConfig cfg = ModelPresets.withVocab(ModelPresets.byName(o.preset()), o.vocab());
    ByteTokenizerFiles.write(tok, o.vocab());
    PreprocessorConfig.qwen25vl().write(tok);
    return VisionLanguageModel.random(cfg, tok, 7, 0.02, VisionLanguageModel.LoadOptions.cpu());
  }

  /** B video prompts of 4 random 112x112 frames: [ordered, shuffled (frames reversed)] each. */
  private static List<ModelInputs[]> prompts(VisionLanguageModel vlm, int n) {
    List<ModelInputs[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SplittableRandom r = new SplittableRandom(100 + i);
      byte[][] frames = new byte[4][112 * 112 * 3];
      for (byte[] f : frames) {
        r.nextBytes(f);
      }
      byte[][] reversed = {frames[3], frames[2], frames[1], frames[0]};
      var msgs = PromptTemplates.rlMessages(true, "How many objects move, and in which order? (" + i + ")");
      out.add(new ModelInputs[] {
        vlm.processor().chat(msgs, List.of(), List.of(Processor.Video.of(frames, 112, 112))),
        vlm.processor().chat(msgs, List.of(), List.of(Processor.Video.of(reversed, 112, 112)))});
    }
    return out;
  }

  private static void check(List<Completion> cs, int tokens) {
    for (Completion c : cs) {
      if (c.length() != tokens) {
        throw new IllegalStateException("a completion of " + c.length() + " tokens, not " + tokens
            + " (EOS suppressed)");
      }
    }
  }

  /** The same token ids and the same log-prob bits. */
  private static boolean same(List<Completion> a, List<Completion> b) {
    if (a == null || b == null || a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!java.util.Arrays.equals(a.get(i).tokenIds(), b.get(i).tokenIds())
          || !java.util.Arrays.equals(a.get(i).logProbs(), b.get(i).logProbs())) {
        return false;
      }
    }
    return true;
  }
}
