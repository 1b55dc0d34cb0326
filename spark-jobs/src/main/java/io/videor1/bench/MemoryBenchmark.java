package io.videor1.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.videor1.exec.EngineThreads;
import io.videor1.model.RandomCheckpoint;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.generate.Generator;
import io.videor1.model.io.SafeDType;
import io.videor1.model.logprob.GroupObjective;
import io.videor1.model.logprob.GroupPass;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.train.grpo.TGrpoConfig;
import io.videor1.train.run.DriverPolicy;
import io.videor1.train.run.PolicyReplica;
import io.videor1.train.run.TrainableState;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code bench memory}: what each part of a T-GRPO run holds, measured on a real model in one process (no Spark),
 * beside {@link MemoryModel}'s prediction, and the same parts predicted for Qwen2.5-VL-3B and 7B at Video-R1's shapes.
 *
 * <p>Phases, each after {@link ProcessMemory#settle()} so that its growth is its own: the driver's state (and its
 * model tensors it holds, none of either kind), the executor's weights, the reference (full weights with β > 0), then teacher-forced
 * passes over a text prompt of random ids and completions of exactly L tokens: a first plain pass (what it leaves resident
 * is the gradients, which stay on the parameters), five plain passes of prompt and completion length (T_p, L), (T_p,
 * 2L), (2T_p, L), (2T_p, 2L), (T_p, 3L) that fix the activation law ({@link MemoryModel#fit}), one at (3T_p, 2L)
 * predicted and then measured (the check), the configured pass ({@code train.logprob_micro_batch}, {@code train.recompute}) when it is not the plain one, the
 * reference's forward pass and a rollout. Vision-tower activations are not in it (the prompt is text).
 */
public final class MemoryBenchmark {
  /** Video-R1's recipe: 16 frames of 128·28·28 px (1,024 video tokens) and about 150 text tokens; G 8 + 4 x 768. */
  static final MemoryModel.Shape VIDEO_R1 = new MemoryModel.Shape(1_174, 12, 768, 0, false);

  /** What to measure. */
  public record Options(String model, int promptTokens, int threads, List<String> sets, Path work) {}

  private MemoryBenchmark() {}

  /** Runs the phases, prints the table to {@code out} and returns the figures (the {@code --json} object). */
  public static Map<String, Object> run(Options o, PrintStream out) throws Exception {
    String dir = checkpoint(o.model(), o.work());
    List<String> conf = new ArrayList<>(List.of("train.frames=bench", "train.out=bench", "train.model=" + dir));
    conf.addAll(o.sets());
    TGrpoConfig cfg = io.videor1.conf.ConfigLoader.load("train", conf, TGrpoConfig::from);
    int threads = EngineThreads.pin(new EngineThreads.Setting(o.threads()));
    int b = cfg.spec().computeDtype().getNumOfBytes();
    // what an activation takes here: a CPU stores f16 weights but computes in fp32 (Precision.of), a GPU in f16
    int act = io.videor1.model.block.Precision.of(cfg.spec().computeDtype(), Device.cpu()).compute().getNumOfBytes();
    int rows = cfg.numGenerations() + cfg.numShuffled();
    long len = cfg.sampling().maxNewTokens();
    long tp = o.promptTokens();
    Configuration hadoop = new Configuration();
    Map<String, Object> measured = new LinkedHashMap<>();
    Map<String, Object> figures = new LinkedHashMap<>();
    out.printf(Locale.ROOT, "bench memory: %s, %s, %s, beta %s; prompt %d tokens, %d + %d completions x %d tokens; "
        + "CPU %s, %d engine thread(s); glibc trim %s%n", o.model(), cfg.spec().computeDtype(),
        cfg.spec().lora() == null ? "full weights, freeze " + cfg.spec().freeze() : "LoRA r=" + cfg.spec().lora().r(),
        cfg.rl().beta(), tp, cfg.numGenerations(), cfg.numShuffled(), len, Stats.cpu(), threads,
        ProcessMemory.trims() ? "on" : "unavailable (peaks after a larger phase read low)");
    long base = ProcessMemory.settle();
    long committed0 = ProcessMemory.heapCommitted();
    try (DriverPolicy driver = DriverPolicy.open(cfg.spec(), cfg.run().seed(), hadoop)) {
      // outside the heap: what the driver's policy holds besides the state (nothing: it reads what trains from files)
      measured.put("driver.model", Math.max(0, ProcessMemory.settle() - base
          - (ProcessMemory.heapCommitted() - committed0)));
      long heap0 = ProcessMemory.heapUsed();
      TrainableState state = TrainableState.of(driver.initialWeights(), driver.shapes());
      Map<String, float[]> gradSums = new LinkedHashMap<>(); // what the aggregator hands the update
      state.sizes().forEach((n, s) -> gradSums.put(n, new float[s]));
      measured.put("driver.state", ProcessMemory.heapUsed() - heap0);
      long r0 = ProcessMemory.settle();
      long c0 = ProcessMemory.heapCommitted();
      try (PolicyReplica policy = PolicyReplica.load(cfg.spec(), 0L, hadoop, Device.cpu(), cfg.spec().computeDtype())) {
        // the engine's arrays: the growth less what the loader's garbage grew the heap by
        measured.put("executor.weights", ProcessMemory.settle() - r0 - (ProcessMemory.heapCommitted() - c0));
        VisionLanguageModel reference = null;
        long r1 = ProcessMemory.settle();
        long c1 = ProcessMemory.heapCommitted();
        if (cfg.spec().lora() == null && cfg.rl().beta() > 0) {
          reference = policy.reference(); // the trained tensors' starting values; the frozen ones are the policy's
        }
        // none loaded (LoRA's reference is the policy with its adapters off, or beta 0): nothing to measure
        measured.put("executor.reference", reference == null ? 0L
            : ProcessMemory.settle() - r1 - (ProcessMemory.heapCommitted() - c1));
        Passes p = new Passes(policy.vlm(), cfg);
        // the first backward allocates the gradients, which stay on the parameters: what the pass leaves behind
        long before = ProcessMemory.settle();
        p.policy(tp, rows, len, GroupPass.Options.plain());
        measured.put("executor.gradients", ProcessMemory.settle() - before);
        Qwen25VlConfig mc = policy.vlm().model().config();
        List<MemoryModel.Shape> fitShapes = List.of(shape(tp, rows, len, 0, false), shape(tp, rows, 2 * len, 0, false),
            shape(2 * tp, rows, len, 0, false), shape(2 * tp, rows, 2 * len, 0, false),
            shape(tp, rows, 3 * len, 0, false));
        List<Double> fitMeasured = new ArrayList<>();
        List<Map<String, Object>> calibration = new ArrayList<>();
        for (MemoryModel.Shape s : fitShapes) {
          long a = p.policy(s.promptTokens(), s.rows(), s.length(), GroupPass.Options.plain());
          fitMeasured.add((double) a);
          calibration.add(Map.of("prompt", s.promptTokens(), "rows", s.rows(), "length", s.length(), "measured", a));
        }
        long plain = fitMeasured.get(0).longValue();
        MemoryModel.Coefficients k = MemoryModel.fit(mc.text(), fitShapes, fitMeasured);
        figures.put("calibration", calibration);
        figures.put("coefficients", Map.of("k_bytes_per_pass", k.k(), "c0_bytes_per_token_layer", k.c0(),
            "c1_bytes_per_pair_layer", k.c1(), "h_bytes_per_logit", k.h()));
        List<Map<String, Object>> checks = new ArrayList<>();
        checks.add(check("plain pass, prompt x3, completions x2 (not in the fit)", mc, act,
            shape(3 * tp, rows, 2 * len, 0, false), k, p.policy(3 * tp, rows, 2 * len, GroupPass.Options.plain())));
        GroupPass.Options pass = cfg.logprobPass();
        if (!pass.plainFor(rows)) {
          checks.add(check("configured pass (micro-batch " + pass.microBatch() + ", recompute " + pass.recompute()
              + ")", mc, act, shape(tp, rows, len, pass.microBatch(), pass.recompute()), k, p.policy(tp, rows, len,
              pass)));
        }
        measured.put("executor.policy_pass", plain);
        measured.put("executor.reference_pass", p.reference(reference != null ? reference : policy.vlm(), tp, rows,
            len, cfg.spec().lora() != null && reference == null));
        measured.put("executor.rollout", p.rollout(tp, rows, len));
        figures.put("checks", checks);
        figures.put("measured", measured);
        Map<String, Object> predicted = new LinkedHashMap<>(MemoryModel.parameterParts(setup(cfg, mc, b)));
        predicted.put("executor.policy_pass", MemoryModel.activations(mc.text(), act, shape(tp, rows, len, 0, false),
            k)); // the gradients are resident by then: the pass's growth is its activations
        figures.put("predicted", predicted);
        // the whole process at a step's peak (everything above resident, the configured pass running) against the
        // start's resident bytes plus every predicted part: what a run's peak RSS is, checked in one number
        p.policy(tp, rows, len, pass);
        long whole = p.lastPeak;
        double wholePredicted = base + MemoryModel.parameterParts(setup(cfg, mc, b)).values().stream()
            .mapToLong(Long::longValue).sum() + MemoryModel.activations(mc.text(), act, shape(tp, rows, len,
            pass.plainFor(rows) ? 0 : pass.microBatch(), pass.recompute()), k);
        Map<String, Object> peak = new LinkedHashMap<>();
        peak.put("start", base);
        peak.put("measured", whole);
        peak.put("predicted", wholePredicted);
        peak.put("error", (wholePredicted - whole) / whole);
        figures.put("process_peak", peak);
        print(out, measured, predicted, checks, k);
        out.printf(Locale.ROOT, "process peak during the configured pass: measured %s, predicted %s (%+.1f%%) = "
            + "resident at start %s (JVM and engine, measured) + the parts predicted above + the pass's activations"
            + "%n", mb(whole), mb(wholePredicted), 100 * (wholePredicted - whole) / whole, mb(base));
        figures.put("video_r1", VideoR1Prediction.print(out, cfg, mc, b, k));
      }
    }
    return figures;
  }

  /** A directory: the model's own, or a random checkpoint of the preset written under {@code work}. */
  static String checkpoint(String model, Path work) throws java.io.IOException {
    if (!model.startsWith("random:")) {
      return model;
    }
    Path dir = work.resolve("init");
    // bf16 shards of at most 1 GB, as a Hugging Face download of the real model is laid out
    RandomCheckpoint.write(dir, ModelPresets.byName(model.substring("random:".length())), SafeDType.BF16,
        1_000_000_000L, 1, 0.02);
    return dir.toString();
  }

  static MemoryModel.Setup setup(TGrpoConfig cfg, Qwen25VlConfig config, int b) {
    return new MemoryModel.Setup(config, b, cfg.spec().lora(), cfg.spec().freeze(), cfg.rl().beta());
  }

  static MemoryModel.Shape shape(long tp, int rows, long len, int micro, boolean recompute) {
    return new MemoryModel.Shape(tp, rows, len, micro, recompute);
  }

  private static Map<String, Object> check(String what, Qwen25VlConfig mc, int b, MemoryModel.Shape s,
      MemoryModel.Coefficients k, long measured) {
    double predicted = MemoryModel.activations(mc.text(), b, s, k);
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("pass", what);
    c.put("predicted", predicted);
    c.put("measured", measured);
    c.put("error", (predicted - measured) / measured);
    return c;
  }

  private static void print(PrintStream out, Map<String, Object> measured, Map<String, Object> predicted,
      List<Map<String, Object>> checks, MemoryModel.Coefficients k) {
    out.printf(Locale.ROOT, "%-26s %12s %12s%n", "part", "measured", "predicted");
    for (Map.Entry<String, Object> e : measured.entrySet()) {
      Object p = predicted.get(e.getKey());
      out.printf(Locale.ROOT, "%-26s %12s %12s%n", e.getKey(), mb(((Number) e.getValue()).doubleValue()),
          p == null ? "-" : mb(((Number) p).doubleValue()));
    }
    out.printf(Locale.ROOT, "activation law (least squares over 5 plain passes): %s per pass + %.0f B per token per "
        + "layer + %.2f B per attended key per token per layer + %.2f B per logit%n", mb(k.k()), k.c0(), k.c1(), k.h());
    for (Map<String, Object> c : checks) {
      out.printf(Locale.ROOT, "check: %s: predicted %s, measured %s (%+.1f%%)%n", c.get("pass"),
          mb((double) c.get("predicted")), mb(((Number) c.get("measured")).doubleValue()),
          100 * (double) c.get("error"));
    }
  }

  static String mb(double bytes) {
    return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
  }

  /** The teacher-forced passes and the rollout, on random ids; each returns its peak growth in bytes. */
  private static final class Passes {
    private final VisionLanguageModel vlm;
    private final TGrpoConfig cfg;
    private final SplittableRandom rng = new SplittableRandom(7);
    /** The process's resident peak (not the growth) during the last policy pass. */
    long lastPeak;

    Passes(VisionLanguageModel vlm, TGrpoConfig cfg) {
      this.vlm = vlm;
      this.cfg = cfg;
    }

    long policy(long tp, int rows, long len, GroupPass.Options pass) {
      ModelInputs prompt = prompt(tp);
      List<int[]> completions = completions(rows, len);
      float[] adv = new float[rows];
      for (int i = 0; i < rows; i++) {
        adv[i] = (float) rng.nextGaussian();
      }
      long before = ProcessMemory.settle();
      try (NDManager m = vlm.newManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        GroupObjective.backward(vlm.model(), m, prompt, completions, vlm.eosId(), vlm.padId(), null, adv, cfg.rl(),
            pass, 1f, gc);
      }
      lastPeak = ProcessMemory.peak();
      return lastPeak - before;
    }

    long reference(VisionLanguageModel ref, long tp, int rows, long len, boolean adaptersOff) {
      ModelInputs prompt = prompt(tp);
      List<int[]> completions = completions(rows, len);
      long before = ProcessMemory.settle();
      try (NDManager m = ref.newManager()) {
        GroupPass.Options pass = cfg.logprobPass();
        if (adaptersOff) {
          io.videor1.model.nn.Linear.withAdaptersOff(() -> GroupObjective.reference(ref.model(), m, prompt,
              completions, ref.eosId(), ref.padId(), pass));
        } else {
          GroupObjective.reference(ref.model(), m, prompt, completions, ref.eosId(), ref.padId(), pass);
        }
      }
      return ProcessMemory.peak() - before;
    }

    long rollout(long tp, int rows, long len) {
      ModelInputs prompt = prompt(tp);
      long before = ProcessMemory.settle();
      vlm.generate(prompt, rows, cfg.sampling().withMaxNewTokens((int) len).withSuppressTokenIds(
          List.of(vlm.eosId())), new Generator.SeedIds(cfg.run().seed(), 1, 0));
      return ProcessMemory.peak() - before;
    }

    private ModelInputs prompt(long tp) {
      int[] ids = new int[(int) tp];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = 32 + rng.nextInt(90);
      }
      return ModelInputs.text(ids);
    }

    /** Completions of exactly {@code len} tokens (no EOS), so every row is as long as the pass's shape says. */
    private List<int[]> completions(int rows, long len) {
      List<int[]> c = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        c.add(rng.ints(len, 32, 122).toArray());
      }
      return c;
    }
  }
}
