package io.videor1.bench;

import ai.djl.Device;
import io.videor1.conf.ConfigLoader;
import io.videor1.curate.CurateConfig;
import io.videor1.curate.CurateJob;
import io.videor1.synth.SynthConfig;
import io.videor1.synth.SynthJob;
import io.videor1.train.data.TrainData;
import io.videor1.train.grpo.TGrpoConfig;
import io.videor1.train.grpo.TGrpoTrainer;
import io.videor1.train.run.ModelSource;
import io.videor1.train.run.PolicyReplica;
import io.videor1.train.run.TrainableState;
import io.videor1.train.step.WeightBroadcaster;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * {@code videor1 bench train}: a T-GRPO step's seconds by stage in local Spark, the same work done in one process
 * without Spark ({@link InProcessSteps}: the same executor code on a thread pool of the same width), and the bytes a
 * step broadcasts with full weights and with LoRA.
 *
 * <p>The two loops run interleaved, step by step in one JVM: Spark's step 1, the one-process step 1, Spark's step 2,
 * and so on. Run one after the other, the second loop would find a warmer JIT, allocator and heap, and a drift of
 * the machine's load would land on one loop only. Before each one-process step the Spark run's background ledger
 * write is awaited and its wait added to the Spark step, so the one-process step never shares the CPU with it.
 *
 * <p>Models are randomly initialised presets (they rarely emit an end-of-sequence token, so both loops generate the
 * full token budget and do the same work). The first {@code warmup} steps are not counted. Checkpoint seconds are
 * left out of the step (the run's last step writes one).
 */
public final class TrainBenchmark {
  /** What to measure. */
  public record Options(List<String> presets, int steps, int warmup, int promptsPerStep, int generations,
      int maxNewTokens, int threads, Path work) {}

  /** One measured step pair: the Spark step's stage seconds (ledger wait included) and the one-process seconds. */
  record Pair(Map<String, Double> spark, double local) {
    double sparkStep() {
      return spark.get("total") - spark.getOrDefault("checkpoint", 0.0);
    }
  }

  private TrainBenchmark() {}

  public static void run(Options o, SparkSession spark, PrintStream out) throws Exception {
    String frames = dataset(spark, o.work());
    out.printf(Locale.ROOT, "bench train: %d measured steps after %d warm-up, B=%d, G=%d (+%d shuffled), %d new "
        + "tokens, %d threads; Spark and one-process steps interleaved%n", o.steps(), o.warmup(), o.promptsPerStep(),
        o.generations(), o.generations() / 2, o.maxNewTokens(), o.threads());
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
      List<Pair> pairs = new ArrayList<>();
      long[] broadcast = {0};
      try (InProcessSteps local = new InProcessSteps(cfg, TrainData.load(spark, cfg.frames()), o.threads())) {
        TGrpoTrainer.train(spark, cfg, new PrintStream(PrintStream.nullOutputStream()), (step, line, ledger) -> {
          long t0 = System.nanoTime();
          ledger.await();
          Map<String, Double> sec = new LinkedHashMap<>(seconds(line));
          double wait = (System.nanoTime() - t0) / 1e9;
          sec.merge("ledger", wait, Double::sum);
          sec.merge("total", wait, Double::sum);
          broadcast[0] = ((Number) line.get("broadcast_bytes")).longValue();
          double l = local.step(step);
          if (step > o.warmup()) {
            pairs.add(new Pair(sec, l));
          }
        });
      }
      out.printf(Locale.ROOT, "%s: step seconds in Spark %s%n%s: step seconds in one process %s%n", variant,
          pairs.stream().map(p -> String.format(Locale.ROOT, "%.3f", p.sparkStep())).toList(), variant,
          pairs.stream().map(p -> String.format(Locale.ROOT, "%.3f", p.local())).toList());
      report(out, variant, pairs, lora ? -1 : broadcast[0], loraBytes(cfg));
    }
  }

  private static void report(PrintStream out, String preset, List<Pair> pairs, long full, long lora) {
    Map<String, Double> s = medianStep(pairs.stream().map(Pair::spark).toList());
    double step = s.get("total") - s.getOrDefault("checkpoint", 0.0);
    double local = median(pairs.stream().map(Pair::local).toList());
    double paired = median(pairs.stream().map(p -> (p.sparkStep() - p.local()) / p.sparkStep()).toList());
    long sparkSlower = pairs.stream().filter(p -> p.sparkStep() > p.local()).count();
    out.printf(Locale.ROOT, "%s: Spark median step %.3f s = broadcast %.3f + rollout %.3f + reward %.3f + gradient %.3f"
        + " + aggregate %.3f + update %.3f + ledger %.3f (+ other %.3f)%n", preset, step, s.get("broadcast"),
        s.get("rollout"), s.get("reward"), s.get("gradient"), s.get("aggregate"), s.getOrDefault("update", 0.0),
        s.get("ledger"), step - s.get("broadcast") - s.get("rollout") - s.get("reward") - s.get("gradient")
            - s.get("aggregate") - s.getOrDefault("update", 0.0) - s.get("ledger"));
    out.printf(Locale.ROOT, "%s: same work in one process, median %.3f s; Spark overhead %.1f%% of the step (medians), "
        + "%.1f%% (median of the %d step pairs; Spark slower in %d)%n", preset, local, 100 * (step - local) / step,
        100 * paired, pairs.size(), sparkSlower);
    out.printf(Locale.ROOT, "%s: broadcast per step %s%s with LoRA r=8%n", preset,
        full < 0 ? "" : mb(full) + " with full weights, ", mb(lora));
  }

  /** The stage seconds of the median step (by total without the checkpoint), so the stages add up. */
  static Map<String, Double> medianStep(List<Map<String, Double>> stepSeconds) {
    List<Map<String, Double>> steps = new ArrayList<>(stepSeconds);
    steps.sort((a, b) -> Double.compare(withoutCheckpoint(a), withoutCheckpoint(b)));
    return steps.get(steps.size() / 2);
  }

  private static double withoutCheckpoint(Map<String, Double> s) {
    return s.get("total") - s.getOrDefault("checkpoint", 0.0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Double> seconds(Map<String, Object> line) {
    return (Map<String, Double>) line.get("seconds");
  }

  static long loraBytes(TGrpoConfig cfg) throws Exception {
    var spec = new io.videor1.train.run.ModelSpec(cfg.spec().initDir(),
        io.videor1.model.lora.LoraConfig.languageModel(8, 16, 0), List.of(), cfg.spec().promptStyle(), 2.0);
    try (PolicyReplica r = PolicyReplica.load(spec, 1, new Configuration(), Device.cpu(),
        ai.djl.ndarray.types.DataType.FLOAT32)) {
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
