package io.videor1.bench;

import io.videor1.conf.ConfigLoader;
import io.videor1.curate.CurateConfig;
import io.videor1.curate.CurateJob;
import io.videor1.synth.SynthConfig;
import io.videor1.synth.SynthJob;
import io.videor1.train.ModelSource;
import io.videor1.train.PolicyReplica;
import io.videor1.train.PromptMeta;
import io.videor1.train.PromptSampler;
import io.videor1.train.RolloutTask;
import io.videor1.train.TGrpoConfig;
import io.videor1.train.TGrpoTrainer;
import io.videor1.train.TrainData;
import io.videor1.train.TrainableState;
import io.videor1.train.WeightBroadcaster;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;

/**
 * {@code videor1 bench train}: a T-GRPO step's seconds by stage in local Spark, the same work done in one process
 * without Spark (the same executor code, called on a thread pool of the same width), and the bytes a step broadcasts
 * with full weights and with LoRA.
 *
 * <p>Models are randomly initialised presets (they rarely emit an end-of-sequence token, so both runs generate the
 * full token budget and do the same work). The first {@code warmup} steps of each run are not counted: the JVM's
 * compiler, PyTorch's allocator and the heap are still settling there, and the Spark run, which goes first, would
 * otherwise pay for them alone. Checkpoint seconds are left out of the step (the run's last step writes one).
 */
public final class TrainBenchmark {
  /** What to measure. */
  public record Options(List<String> presets, int steps, int warmup, int promptsPerStep, int generations,
      int maxNewTokens, int threads, Path work) {}

  private TrainBenchmark() {}

  public static void run(Options o, SparkSession spark, PrintStream out) throws Exception {
    String frames = dataset(spark, o.work());
    out.printf(Locale.ROOT, "bench train: %d measured steps after %d warm-up, B=%d, G=%d (+%d shuffled), %d new "
        + "tokens, %d threads%n", o.steps(), o.warmup(), o.promptsPerStep(), o.generations(), o.generations() / 2, o.maxNewTokens(),
        o.threads());
    for (String variant : o.presets()) {
      List<String> parts = List.of(variant.split("\\+"));
      String preset = parts.get(0);
      boolean lora = parts.contains("lora");
      boolean serial = parts.contains("serial"); // gradients as serialized task results, the path a cluster takes
      if (!List.of("lora", "serial").containsAll(parts.subList(1, parts.size()))) {
        throw new IllegalArgumentException("bench train: unknown variant " + variant + " (preset[+lora][+serial])");
      }
      String init = ModelSource.resolve("random:" + preset, o.work().resolve(preset).toString(), 7, 0.02,
          spark.sparkContext().hadoopConfiguration());
      TGrpoConfig cfg = ConfigLoader.load("train", List.of("train.preset=tiny", "train.frames=" + frames,
          "train.model=" + init, "train.out=" + o.work().resolve(preset).resolve("run-" + variant),
          "train.steps=" + (o.steps() + o.warmup()), "train.prompts_per_step=" + o.promptsPerStep(),
          "train.num_generations=" + o.generations(), "train.max_new_tokens=" + o.maxNewTokens(),
          "train.checkpoint_every=100000", "train.partitions=" + o.threads(), "train.lora=" + lora,
          "train.lora_r=8", "train.lora_alpha=16", "train.local_handoff=" + !serial), TGrpoConfig::from);
      TGrpoTrainer.Result r = TGrpoTrainer.train(spark, cfg, new PrintStream(PrintStream.nullOutputStream()));
      List<Map<String, Object>> measured = r.metrics().subList(o.warmup(), r.metrics().size());
      Map<String, Double> spark1 = medianStep(measured);
      List<Double> localSteps = inProcess(spark, cfg, o);
      double local = median(localSteps);
      out.printf(Locale.ROOT, "%s: step seconds in Spark %s, in one process %s%n", variant, totals(measured),
          localSteps.stream().map(x -> String.format(Locale.ROOT, "%.3f", x)).toList());
      long full = ((Number) r.metrics().get(0).get("broadcast_bytes")).longValue();
      long loraBytes = loraBytes(cfg);
      report(out, variant, spark1, local, lora ? -1 : full, loraBytes);
    }
  }

  private static void report(PrintStream out, String preset, Map<String, Double> s, double local, long full,
      long lora) {
    double step = s.get("total") - s.getOrDefault("checkpoint", 0.0);
    double noLedger = step - s.getOrDefault("ledger", 0.0);
    out.printf(Locale.ROOT, "%s: Spark median step %.3f s = broadcast %.3f + rollout %.3f + reward %.3f + gradient %.3f"
        + " + aggregate %.3f + update %.3f + ledger %.3f (+ other %.3f)%n", preset, step, s.get("broadcast"),
        s.get("rollout"), s.get("reward"), s.get("gradient"), s.get("aggregate"), s.getOrDefault("update", 0.0),
        s.get("ledger"), step - s.get("broadcast") - s.get("rollout") - s.get("reward") - s.get("gradient")
            - s.get("aggregate") - s.getOrDefault("update", 0.0) - s.get("ledger"));
    out.printf(Locale.ROOT, "%s: same work in one process %.3f s; Spark overhead %.1f%% of the step (%.1f%% without "
        + "the Parquet ledger write)%n", preset, local, 100 * (step - local) / step, 100 * (noLedger - local)
        / noLedger);
    out.printf(Locale.ROOT, "%s: broadcast per step %s%s with LoRA r=8%n", preset,
        full < 0 ? "" : mb(full) + " with full weights, ", mb(lora));
  }

  /** The stage seconds of the median step (by total without the checkpoint), so the stages add up. */
  @SuppressWarnings("unchecked")
  static Map<String, Double> medianStep(List<Map<String, Object>> lines) {
    List<Map<String, Double>> steps = new ArrayList<>();
    lines.forEach(l -> steps.add((Map<String, Double>) l.get("seconds")));
    steps.sort((a, b) -> Double.compare(withoutCheckpoint(a), withoutCheckpoint(b)));
    return steps.get(steps.size() / 2);
  }

  private static double withoutCheckpoint(Map<String, Double> s) {
    return s.get("total") - s.getOrDefault("checkpoint", 0.0);
  }

  @SuppressWarnings("unchecked")
  private static List<String> totals(List<Map<String, Object>> lines) {
    return lines.stream().map(l -> String.format(Locale.ROOT, "%.3f",
        withoutCheckpoint((Map<String, Double>) l.get("seconds")))).toList();
  }

  /** The same steps' executor work on a thread pool of the run's width, the driver's update included. */
  static List<Double> inProcess(SparkSession spark, TGrpoConfig cfg, Options o) throws Exception {
    List<PromptMeta> prompts = TrainData.load(spark, cfg.frames());
    PromptSampler sampler = new PromptSampler(cfg.run().seed(), prompts.size(), cfg.promptsPerStep());
    String runKey = "bench-" + System.nanoTime();
    List<Double> times = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(o.threads());
    try (PolicyReplica driver = PolicyReplica.load(cfg.spec(), cfg.run().seed())) {
      TrainableState state = TrainableState.of(driver.trainable());
      for (int step = 1; step <= o.steps() + o.warmup(); step++) {
        long t0 = System.nanoTime();
        WeightBroadcaster.Snapshot w = new WeightBroadcaster.Snapshot(step - 1,
            WeightBroadcaster.encode(state.weights(), state.shapes(), 1L << 30));
        RolloutTask task = new RolloutTask(runKey, cfg, step, null, null);
        int[] picked = sampler.promptsOf(step);
        List<Future<Map<String, float[]>>> parts = new ArrayList<>();
        for (int p = 0; p < o.threads(); p++) {
          List<scala.Tuple2<Integer, PromptMeta>> slice = new ArrayList<>();
          for (int i = p * picked.length / o.threads(); i < (p + 1) * picked.length / o.threads(); i++) {
            slice.add(new scala.Tuple2<>(i, prompts.get(picked[i])));
          }
          int part = p;
          parts.add(pool.submit(() -> gradients(task.run(part, slice.iterator(), w))));
        }
        Map<String, float[]> sum = null;
        for (Future<Map<String, float[]>> f : parts) {
          sum = sum == null ? f.get() : add(sum, f.get());
        }
        state.update(sum, picked.length, cfg.optim().lr(), cfg.optim().maxGradNorm(), cfg.optim().adam());
        if (step > o.warmup()) {
          times.add((System.nanoTime() - t0) / 1e9);
        }
      }
    } finally {
      pool.shutdown();
    }
    return times;
  }

  private static Map<String, float[]> gradients(java.util.Iterator<scala.Tuple2<io.videor1.train.ShardKey,
      io.videor1.train.TaskPayload>> it) {
    Map<String, List<float[]>> chunks = new LinkedHashMap<>();
    while (it.hasNext()) {
      var t = it.next();
      if (t._2().values() != null) {
        chunks.computeIfAbsent(t._1().tensor(), k -> new ArrayList<>()).add(t._2().values());
      }
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    chunks.forEach((n, l) -> {
      int size = l.stream().mapToInt(a -> a.length).sum();
      float[] v = new float[size];
      int o = 0;
      for (float[] a : l) {
        System.arraycopy(a, 0, v, o, a.length);
        o += a.length;
      }
      out.put(n, v);
    });
    return out;
  }

  private static Map<String, float[]> add(Map<String, float[]> a, Map<String, float[]> b) {
    a.forEach((n, v) -> {
      float[] w = b.get(n);
      for (int i = 0; i < v.length; i++) {
        v[i] += w[i];
      }
    });
    return a;
  }

  static long loraBytes(TGrpoConfig cfg) throws Exception {
    var spec = new io.videor1.train.ModelSpec(cfg.spec().initDir(),
        io.videor1.model.lora.LoraConfig.languageModel(8, 16, 0), List.of(), cfg.spec().promptStyle(), 2.0);
    try (PolicyReplica r = PolicyReplica.load(spec, 1)) {
      TrainableState s = TrainableState.of(r.trainable());
      return WeightBroadcaster.encode(s.weights(), s.shapes(), 1L << 30).stream().mapToLong(b -> b.length).sum();
    }
  }

  private static String dataset(SparkSession spark, Path work) throws Exception {
    Path data = work.resolve("data");
    SynthJob.run(ConfigLoader.load("synth", List.of("synth.out=" + data, "synth.train=16", "synth.test=1",
        "synth.seed=11", "synth.width=112", "synth.height=112", "synth.share.image=0"), SynthConfig::from), null);
    String frames = work.resolve("frames").toString();
    CurateJob.run(spark, ConfigLoader.load("curate", List.of("curate.preset=demo", "curate.manifest="
        + data.resolve("train.json"), "curate.media_root=" + data, "curate.out=" + frames,
        "curate.progress_interval_s=0"), CurateConfig::from), null);
    return frames;
  }

  private static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a.length == 0 ? Double.NaN : a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.2f MB", bytes / 1e6);
  }
}
