package io.videor1.model.logprob;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import io.videor1.model.TinyCheckpoints;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.lora.LoraAdapter;
import io.videor1.model.lora.LoraConfig;
import io.videor1.model.lora.Trainable;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.rl.RlOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Peak resident memory of one policy pass (log-probs, objective and backward) of a group, full weights training, for
 * the plain pass, micro-batches and recomputation: the activation memory that {@code train.logprob_micro_batch} and
 * {@code train.recompute} bound. The peak is the process's VmHWM, reset (Linux {@code clear_refs} 5) after the model
 * is built, so the figure is the pass's own growth over the resident weights. One mode per JVM, so that freed native
 * memory kept by the allocator does not carry over between modes. Memory that building the model freed but the
 * allocator kept resident can absorb part of a pass: with 7b-slice (random init of 1.39 B parameters) the resident
 * size after the build was already 8.3 GB and a LoRA pass of G 4 x L 64 did not raise the peak, so for the wide
 * presets the figure is a lower bound until the model is loaded in a fresh process.
 *
 * <p>{@code lora=R} trains LoRA adapters of rank R (alpha 2R, no dropout) instead of every weight; {@code dtype=f16}
 * computes in float16 (the adapters too: the bench measures the executor's pass, not the driver's master copy).
 *
 * <pre>java -cp &lt;test classpath&gt; -Dai.djl.offline=true io.videor1.model.logprob.GroupPassMemoryBench
 *     [preset=mid] [prompt=128] [g=8] [len=512] [micro=0] [recompute=false] [lora=0] [dtype=f32]</pre>
 */
public final class GroupPassMemoryBench {
  private GroupPassMemoryBench() {}

  /** Runs one pass and prints its peak; arguments are key=value pairs. */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (String s : args) {
      String[] kv = s.split("=", 2);
      a.put(kv[0], kv[1]);
    }
    String preset = a.getOrDefault("preset", "mid");
    int prompt = Integer.parseInt(a.getOrDefault("prompt", "128"));
    int g = Integer.parseInt(a.getOrDefault("g", "8"));
    int len = Integer.parseInt(a.getOrDefault("len", "512"));
    GroupPass.Options opts = new GroupPass.Options(Integer.parseInt(a.getOrDefault("micro", "0")),
        Boolean.parseBoolean(a.getOrDefault("recompute", "false")));
    Path tmp = Files.createTempDirectory("grouppass-memory");
    int rank = Integer.parseInt(a.getOrDefault("lora", "0"));
    DataType dtype = a.getOrDefault("dtype", "f32").equals("f16") ? DataType.FLOAT16 : DataType.FLOAT32;
    Qwen25VlConfig config = ModelPresets.byName(preset);
    TinyCheckpoints.tokenizerDir(tmp, config.text().vocabSize());
    try (VisionLanguageModel vlm = VisionLanguageModel.random(config, tmp, 1, 0.02,
        new VisionLanguageModel.LoadOptions(dtype, Device.cpu()))) {
      LoraAdapter lora = rank > 0 ? LoraAdapter.attach(vlm.model(), LoraConfig.languageModel(rank, 2 * rank, 0.0), 3)
          : null;
      Trainable.apply(vlm.model(), lora, List.of());
      SplittableRandom r = new SplittableRandom(7);
      int[] ids = new int[prompt];
      for (int i = 0; i < prompt; i++) {
        ids[i] = 32 + r.nextInt(90);
      }
      List<int[]> completions = new ArrayList<>();
      for (int i = 0; i < g; i++) {
        completions.add(r.ints(len, 32, 122).toArray()); // no EOS: every row is L tokens long
      }
      float[] adv = new float[g];
      for (int i = 0; i < g; i++) {
        adv[i] = (float) r.nextGaussian();
      }
      ModelInputs in = ModelInputs.text(ids);
      long base = resetPeak();
      long t0 = System.nanoTime();
      double loss;
      try (NDManager m = vlm.newManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        loss = GroupObjective.backward(vlm.model(), m, in, completions, vlm.eosId(), vlm.padId(), null, adv,
            RlOptions.defaults(), opts, 1f, gc).loss();
      }
      double s = (System.nanoTime() - t0) / 1e9;
      long peak = status("VmHWM");
      System.out.printf(Locale.ROOT, "%s %s lora %d prompt %d, G %d x L %d, %s: resident before %.0f MB, peak %.0f MB, pass +%.0f"
          + " MB, %.1f s, loss %.6f%n", preset, dtype, rank, prompt, g, len, opts, base / 1e6, peak / 1e6, (peak - base) / 1e6, s,
          loss);
    }
  }

  /** Resets the process's peak resident size to the current one and returns it (bytes). */
  private static long resetPeak() throws IOException {
    System.gc();
    Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    return status("VmHWM");
  }

  private static long status(String key) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(key + ":")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IllegalStateException(key + " not in /proc/self/status");
  }
}
