package io.videor1.model.generate;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.config.PreprocessorConfig;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.preprocess.Processor;
import io.videor1.model.tokenizer.ByteTokenizerFiles;
import io.videor1.model.tokenizer.PromptTemplates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The decode cache alone, old against new: a T-GRPO step's rollout (2 prompts x (8 ordered + 4 shuffled), greedy,
 * EOS suppressed) through {@link LegacyGenerator} (every step concatenates the cache, rows gathered at every
 * retirement) and {@link Generator#generate} (buffers written in place), interleaved, medians; the tokens must agree.
 * Greedy, so the sampler's cost does not hide the cache's. It lives with the tests because the old cache does.
 *
 * <p>Run: {@code java -cp <model-core test classpath> -Dai.djl.offline=true io.videor1.model.generate.CacheBench
 * [preset] [vocab] [tokens] [repeats]} (defaults mid 152064 64 3; one engine thread).
 */
public final class CacheBench {
  private CacheBench() {}

  public static void main(String[] args) throws Exception {
    String preset = args.length > 0 ? args[0] : "mid";
    int vocab = args.length > 1 ? Integer.parseInt(args[1]) : 152_064;
    int tokens = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    Path tok = Files.createTempDirectory("videor1-cache-bench-");
    ByteTokenizerFiles.write(tok, vocab);
    PreprocessorConfig.qwen25vl().write(tok);
    try (VisionLanguageModel vlm = VisionLanguageModel.random(ModelPresets.withVocab(ModelPresets.byName(preset),
        vocab), tok, 7, 0.02, VisionLanguageModel.LoadOptions.cpu())) {
      JniUtils.setNumThreads(1);
      List<ModelInputs> prompts = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        SplittableRandom r = new SplittableRandom(100 + i);
        byte[][] frames = new byte[4][112 * 112 * 3];
        for (byte[] f : frames) {
          r.nextBytes(f);
        }
        var msgs = PromptTemplates.rlMessages(true, "How many objects move? (" + i + ")");
        prompts.add(vlm.processor().chat(msgs, List.of(), List.of(Processor.Video.of(frames, 112, 112))));
      }
      SamplingParams p = SamplingParams.greedy(tokens).withSuppressTokenIds(List.of(vlm.eosId()));
      double[][] sec = new double[2][repeats];
      List<int[]> old = null;
      List<int[]> now = null;
      for (int rep = -1; rep < repeats; rep++) { // -1: warm-up
        for (int k = 0; k < 2; k++) {
          SamplingParams q = rep < 0 ? p.withMaxNewTokens(4) : p;
          long t0 = System.nanoTime();
          List<int[]> ids = rollout(vlm, prompts, q, k == 0);
          if (rep >= 0) {
            sec[k][rep] = (System.nanoTime() - t0) / 1e9;
            System.out.printf("  repeat %d: %s %.1f s%n", rep + 1, k == 0 ? "legacy cache" : "new cache", sec[k][rep]);
            if (k == 0) {
              old = ids;
            } else {
              now = ids;
            }
          }
        }
      }
      boolean same = old.size() == now.size();
      for (int i = 0; same && i < old.size(); i++) {
        same = Arrays.equals(old.get(i), now.get(i));
      }
      int n = 2 * 12 * tokens;
      System.out.printf("%s at vocabulary %d, 2 x (8 + 4) x %d greedy tokens, tokens/s (median of %d): legacy cache "
          + "%.1f, new cache %.1f, new/legacy %.2fx; same tokens: %s%n", preset, vocab, tokens, repeats,
          n / median(sec[0]), n / median(sec[1]), median(sec[0]) / median(sec[1]), same ? "yes" : "NO");
    } finally {
      try (var f = Files.walk(tok)) {
        f.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
      }
    }
  }

  /** Each prompt's group of 8, then 4 more of it, as RolloutTask's two calls; the token ids in order. */
  private static List<int[]> rollout(VisionLanguageModel vlm, List<ModelInputs> prompts, SamplingParams p,
      boolean legacy) {
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) {
      for (int n : new int[] {8, 4}) {
        Generator.SeedIds s = new Generator.SeedIds(n, 1, i);
        try (NDManager m = vlm.newManager()) {
          List<Completion> cs = legacy
              ? new LegacyGenerator(vlm.model(), vlm.tokenizer(), vlm.eosId(), SamplerKind.SELECTION)
                  .generate(m, prompts.get(i), n, p, s)
              : new Generator(vlm.model(), vlm.tokenizer(), vlm.eosId()).generate(m, prompts.get(i), n, p, s);
          cs.forEach(c -> out.add(c.tokenIds()));
        }
      }
    }
    return out;
  }

  private static double median(double[] v) {
    double[] a = v.clone();
    Arrays.sort(a);
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }
}
