package io.videor1.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.videor1.model.block.ModelWeights;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.config.TextConfig;
import io.videor1.model.generate.Generator;
import io.videor1.model.generate.SamplingParams;
import io.videor1.model.io.SafeDType;
import io.videor1.model.logprob.NdPolicyObjective;
import io.videor1.model.logprob.TokenLogProbs;
import io.videor1.model.lora.Trainable;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.preprocess.Processor;
import io.videor1.model.tokenizer.PromptTemplates;
import io.videor1.rl.RlOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Throughput of the DJL model on this machine: prefill and decode tokens/s at batch 1 and at batch G sharing the
 * prompt's KV cache, for the tiny and mid presets, against jlama (batch 1, same text checkpoint) when a Java 21+ JVM
 * is available, and a T-GRPO training step of the mid preset, each as a fraction of the measured fp32 matmul peak.
 *
 * <pre>java -cp &lt;test classpath&gt; -Dai.djl.offline=true io.videor1.model.ModelBench [prompt=128] [new=64]
 *     [group=8] [reps=3] [presets=tiny,mid] [train=true] [jlama=true]</pre>
 */
public final class ModelBench {
  private ModelBench() {}

  /** Runs the benchmark; arguments are key=value pairs. */
  public static void main(String[] args) throws Exception {
    java.util.Map<String, String> a = new java.util.HashMap<>();
    for (String s : args) {
      String[] kv = s.split("=", 2);
      a.put(kv[0], kv[1]);
    }
    int prompt = Integer.parseInt(a.getOrDefault("prompt", "128"));
    int fresh = Integer.parseInt(a.getOrDefault("new", "64"));
    int group = Integer.parseInt(a.getOrDefault("group", "8"));
    int reps = Integer.parseInt(a.getOrDefault("reps", "3"));
    Path tmp = Files.createTempDirectory("modelbench");
    double peak = matmulPeak();
    System.out.printf("engine %s, %d threads, fp32 matmul peak %.1f GFLOP/s (2048^3, best of 10)%n",
        Engine.getInstance().getEngineName(), ai.djl.pytorch.jni.JniUtils.getNumThreads(), peak);
    for (String preset : a.getOrDefault("presets", "tiny,mid").split(",")) {
      Qwen25VlConfig cfg = ModelPresets.byName(preset);
      try (VisionLanguageModel vlm = TinyCheckpoints.random(tmp.resolve(preset), cfg, 1, 0.02)) {
        generation(vlm, preset, prompt, fresh, group, reps, peak);
        if (Boolean.parseBoolean(a.getOrDefault("jlama", "true")) && JlamaRunner.available()) {
          Path ckpt = tmp.resolve(preset + "-qwen2");
          textOnly(vlm, ckpt);
          System.out.printf("  %-5s %s (batch 1, Panama backend, same weights)%n", preset,
              JlamaRunner.bench(ckpt, prompt, fresh, reps));
        }
        if (preset.equals("mid") && Boolean.parseBoolean(a.getOrDefault("train", "true"))) {
          trainingStep(vlm, group, 128, reps, peak);
        }
      }
    }
    try (var files = Files.walk(tmp)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static double matmulPeak() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.randomNormal(new Shape(2048, 2048));
      double best = 0;
      for (int i = 0; i < 10; i++) {
        long t0 = System.nanoTime();
        x.matMul(x).close();
        best = Math.max(best, 2.0 * 2048 * 2048 * 2048 / (System.nanoTime() - t0));
      }
      return best;
    }
  }

  /** Forward FLOPs of one token through the decoder layers at context {@code ctx}: 2·weights + 4·layers·hidden·ctx. */
  static double layerFlops(TextConfig c, double ctx) {
    double embeddings = (double) c.vocabSize() * c.hiddenSize() * (c.tieWordEmbeddings() ? 1 : 2);
    return 2 * (c.parameterCount() - embeddings) + 4.0 * c.numHiddenLayers() * c.hiddenSize() * ctx;
  }

  /** FLOPs of the LM head for one position. */
  static double headFlops(TextConfig c) {
    return 2.0 * c.vocabSize() * c.hiddenSize();
  }

  /** Forward FLOPs of one generated token: layers + head. */
  static double tokenFlops(TextConfig c, double ctx) {
    return layerFlops(c, ctx) + headFlops(c);
  }

  static void generation(VisionLanguageModel vlm, String preset, int prompt, int fresh, int group, int reps,
      double peak) {
    int[] ids = new int[prompt];
    for (int i = 0; i < prompt; i++) {
      ids[i] = 32 + i % 90;
    }
    ModelInputs in = ModelInputs.text(ids);
    TextConfig c = vlm.model().config().text();
    SamplingParams noEos = SamplingParams.greedy(fresh).withSuppressTokenIds(List.of(vlm.eosId()));
    double prefill = Double.MAX_VALUE;
    for (int r = 0; r < reps + 1; r++) {
      try (NDManager m = vlm.newManager()) {
        long t0 = System.nanoTime();
        NDArray h = vlm.model().decode(vlm.model().promptEmbeddings(m, in, false), in.positions(),
            vlm.model().newCache(m), true, false);
        vlm.model().logits(h.get(":, -1, :"), false).toFloatArray();
        prefill = Math.min(prefill, (System.nanoTime() - t0) / 1e9);
      }
    }
    double prefillFlops = prompt * layerFlops(c, prompt / 2.0) + headFlops(c);
    System.out.printf("%-5s (%.1fM params) prefill %d tokens: %.0f tok/s = %.1f GFLOP/s = %.0f%% of peak%n", preset,
        vlm.model().config().parameterCount() / 1e6, prompt, prompt / prefill, prefillFlops / prefill / 1e9,
        100 * prefillFlops / prefill / 1e9 / peak);
    for (int n : new int[] {1, group}) {
      double one = Double.MAX_VALUE;
      double full = Double.MAX_VALUE;
      for (int r = 0; r < reps + 1; r++) {
        long t0 = System.nanoTime();
        vlm.generate(in, n, noEos.withMaxNewTokens(1), new Generator.SeedIds(0, r, 0));
        long t1 = System.nanoTime();
        vlm.generate(in, n, noEos, new Generator.SeedIds(0, r, 0));
        long t2 = System.nanoTime();
        one = Math.min(one, (t1 - t0) / 1e9);
        full = Math.min(full, (t2 - t1) / 1e9);
      }
      double decode = Math.max(full - one, 1e-9);
      double tokens = (double) n * (fresh - 1);
      double flops = tokens * tokenFlops(c, prompt + fresh / 2.0);
      System.out.printf("  %-5s decode batch %d (prompt cache shared): %.0f tok/s = %.1f GFLOP/s = %.1f%% of peak"
          + " (%.2f ms/step)%n", preset, n, tokens / decode, flops / decode / 1e9, 100 * flops / decode / 1e9 / peak,
          1e3 * decode / (fresh - 1));
    }
  }

  /** Saves the decoder alone as a Hugging Face Qwen2 checkpoint (what jlama loads). */
  static void textOnly(VisionLanguageModel vlm, Path dir) throws Exception {
    TextConfig c = vlm.model().config().text();
    TextConfig plain = new TextConfig(c.vocabSize(), c.hiddenSize(), c.intermediateSize(), c.numHiddenLayers(),
        c.numAttentionHeads(), c.numKeyValueHeads(), c.rmsNormEps(), c.ropeTheta(), List.of(c.headDim() / 2, 0, 0),
        c.tieWordEmbeddings(), c.maxPositionEmbeddings(), c.hiddenAct());
    Qwen25VlConfig q = vlm.model().config();
    Qwen25VlConfig cfg = new Qwen25VlConfig("qwen2", plain, null, q.imageTokenId(), q.videoTokenId(),
        q.visionStartTokenId(), q.visionEndTokenId(), q.bosTokenId(), q.eosTokenId(), "float32", null);
    try (NDManager root = NDManager.newBaseManager(); Qwen25VlModel text = new Qwen25VlModel(cfg, root)) {
      java.util.Map<String, float[]> w = io.videor1.model.params.ParamCodec.toFloats(vlm.model().parameters());
      w.keySet().removeIf(n -> n.startsWith("visual."));
      for (String n : text.parameters().keySet()) {
        ModelWeights.put(text.parameters().get(n), root.create(w.get(n), text.shapes().get(n)));
      }
      cfg.write(dir);
      ModelWeights.save(text, dir, SafeDType.F32, Long.MAX_VALUE);
      TinyCheckpoints.tokenizerDir(dir, c.vocabSize());
    }
  }

  /** One policy-gradient step: G completions of {@code len} tokens after a video prompt, forward + backward. */
  static void trainingStep(VisionLanguageModel vlm, int group, int len, int reps, double peak) {
    Trainable.apply(vlm.model(), null, List.of());
    Processor.Video v = Processor.Video.of(TinyCheckpoints.frames(4, 112, 112, 1), 112, 112);
    ModelInputs in = vlm.processor().chat(PromptTemplates.rlMessages(true, "How many objects move?"), List.of(),
        List.of(v));
    SplittableRandom r = new SplittableRandom(1);
    List<int[]> completions = new ArrayList<>();
    for (int i = 0; i < group; i++) {
      completions.add(r.ints(len, 0, 256).toArray());
    }
    float[] adv = new float[group];
    for (int i = 0; i < group; i++) {
      adv[i] = (float) r.nextGaussian();
    }
    double best = Double.MAX_VALUE;
    for (int k = 0; k < reps + 1; k++) {
      long t0 = System.nanoTime();
      try (NDManager m = vlm.newManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        TokenLogProbs.Result lp = vlm.logProbs(m, in, completions, true);
        NDArray ref = lp.logp().stopGradient();
        NdPolicyObjective.Result obj = NdPolicyObjective.compute(lp.logp(), ref, null, lp.mask(), adv,
            RlOptions.defaults());
        gc.backward(obj.loss());
      }
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
      io.videor1.model.params.ParamCodec.zeroGradients(vlm.model().parameters());
    }
    TextConfig c = vlm.model().config().text();
    int tokens = in.length() + group * (len - 1);
    double fwd = in.length() * layerFlops(c, in.length() / 2.0) + group * (len - 1) * layerFlops(c, in.length() + len
        / 2.0) + group * len * headFlops(c);
    long patches = in.videoGrids().stream().mapToLong(g -> (long) g.t() * g.h() * g.w()).sum();
    fwd += 2.0 * vlm.model().config().vision().parameterCount() * patches;
    double flops = 3 * fwd;
    System.out.printf("  mid   training step (prompt %d tokens incl. %d visual, G=%d x %d completion tokens, "
        + "forward+backward of log-probs + objective): %.2f s, %.0f tok/s, %.1f GFLOP/s = %.0f%% of peak%n",
        in.length(), in.videoGrids().get(0).visualTokens(), group, len, best, tokens / best, flops / best / 1e9,
        100 * flops / best / 1e9 / peak);
  }
}
