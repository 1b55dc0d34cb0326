package io.videor1.bench;

import ai.djl.Device;
import io.videor1.exec.HadoopConf;
import io.videor1.optim.AdamW;
import io.videor1.prompt.PromptMeta;
import io.videor1.rl.TemporalCredit;
import io.videor1.rl.TemporalMode;
import io.videor1.train.data.TrainData;
import io.videor1.train.grpo.FixedRollouts;
import io.videor1.train.grpo.TGrpoConfig;
import io.videor1.train.run.PolicyReplica;
import io.videor1.train.run.PromptSampler;
import io.videor1.train.run.TrainableState;
import io.videor1.train.step.WeightBroadcaster;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code videor1 bench temporal-step} (issue 30, item 2): what one update of each temporal mode does, from one
 * checkpoint and the same rollouts, with no sampling noise between the modes.
 *
 * <p>Per batch (step b's seeded prompts): the rollouts are sampled once on the starting weights
 * ({@link FixedRollouts}); each mode credits them, takes the trainer's gradient and the driver's first AdamW update
 * from the starting weights (fresh moments, the configured peak learning rate); the gold answers' order gaps of the
 * held-out questions ({@link GoldGap}) are measured after it and set against those of the starting weights. "grpo" is
 * the published mode's configuration with the temporal objective off.
 *
 * <p>AdamW's first step from fresh moments moves every weight by about ±lr, the sign of its gradient, so two modes'
 * updates differ only where a sign flips. With {@code warmup} W, W GRPO steps are taken first (seeded rollouts of the
 * batches after the measured ones, the peak learning rate) and every measured update starts from their weights and
 * moments: the step a run takes mid-training, where the new gradient enters through the first moment, linearly.
 *
 * <p>Figures per mode: {@code advantage_cosine}, the cosine of its per-response advantages with GRPO's over every
 * batch's groups of mixed correctness; {@code gradient_cosine}, the mean over batches (where GRPO's is not zero) of
 * the cosine of its summed gradient with GRPO's (the modes that keep GRPO's advantages and change the tokens or the
 * loss differ only there);
 * {@code gold_gap_gain}, the mean over batches of the mean change per question of log π(gold|ordered) −
 * log π(gold|shuffled); and {@code gold_gap_gain_vs_grpo}, the same of the change minus GRPO's change of the same
 * question in the same batch (paired); {@code gold_ordered_gain(_vs_grpo)} and {@code gold_shuffled_gain(_vs_grpo)},
 * the same of each side of the gap, so a gain can be read as a rise on ordered frames or a fall on shuffled ones.
 * Intervals are 95% t intervals over batches, the independent unit (the questions are the same in every batch).
 */
public final class TemporalStepBenchmark {
  /**
   * What of the gold answer each gain reads: the gap, and its two sides, log π(gold|ordered) and
   * log π(gold|shuffled) (the gap's gain is the first minus the second).
   */
  static final List<String> SIDES = List.of("gap", "ordered", "shuffled");

  /** The modes compared by default: GRPO first, the baseline of the cosines and of the paired gain. */
  public static final List<String> MODES = List.of("grpo", "reference", "prompt_weight", "likelihood_ratio",
      "key_tokens", "contrast_kl", "shuffled_negative", "answer_contrast");

  /**
   * What to measure.
   *
   * @param testFrames the held-out questions' frames, or null for the order-dependent training questions that no
   *     batch draws
   * @param questions at most this many held-out order-dependent questions (the first by problem id)
   * @param warmup GRPO training steps taken first (on the batches after the measured ones), so that every measured
   *     update starts from their weights and AdamW moments; 0: from the checkpoint with fresh moments
   */
  public record Options(TGrpoConfig cfg, String testFrames, int batches, List<String> modes, int questions,
      int warmup) {
    /** From the checkpoint with fresh moments (no warm-up). */
    public Options(TGrpoConfig cfg, String testFrames, int batches, List<String> modes, int questions) {
      this(cfg, testFrames, batches, modes, questions, 0);
    }
  }

  private TemporalStepBenchmark() {}

  /** Runs the measurement; progress lines go to {@code log}; returns the figures. */
  public static Map<String, Object> run(SparkSession spark, Options o, PrintStream log) throws Exception {
    return run(spark, o, null, log);
  }

  /**
   * Runs the measurement on rollouts {@code written} instead of sampled ones (null: sampled), for a model too young
   * to answer anything right.
   */
  public static Map<String, Object> run(SparkSession spark, Options o, FixedRollouts.Written written,
      PrintStream log) throws Exception {
    if (o.batches() < 1 || o.questions() < 1 || o.warmup() < 0) {
      throw new IllegalArgumentException("bench temporal-step: --batches and --questions must be >= 1, --warmup >= 0");
    }
    List<String> modes = new ArrayList<>(List.of("grpo"));
    o.modes().stream().filter(m -> !m.equals("grpo")).forEach(modes::add);
    Map<String, TGrpoConfig> cfgs = new LinkedHashMap<>();
    for (String m : modes) {
      cfgs.put(m, m.equals("grpo") ? o.cfg().withTemporal(false)
          : o.cfg().withTemporalMode(TemporalMode.of(m, "bench temporal-step --modes")));
    }
    TGrpoConfig cfg = o.cfg();
    List<PromptMeta> train = TrainData.load(spark, cfg.frames());
    PromptSampler sampler = new PromptSampler(cfg.run().seed(), train.size(), cfg.promptsPerStep());
    List<PromptMeta> tests = heldOut(spark, o, train, sampler);
    HadoopConf hadoop = new HadoopConf(spark.sparkContext().hadoopConfiguration());
    log.printf(Locale.ROOT, "bench temporal-step: %d batches of %d prompts x G=%d, %d held-out order-dependent "
        + "questions, modes %s%n", o.batches(), cfg.promptsPerStep(), cfg.numGenerations(), tests.size(), modes);
    Map<String, List<Double>> advMode = new LinkedHashMap<>();
    Map<String, double[]> gradCos = new LinkedHashMap<>();
    Map<String, double[][]> gain = new LinkedHashMap<>(); // [gap, ordered, shuffled][batch]
    Map<String, double[][]> gainVsGrpo = new LinkedHashMap<>();
    for (String m : modes) {
      advMode.put(m, new ArrayList<>());
      gradCos.put(m, new double[o.batches()]);
      gain.put(m, new double[SIDES.size()][o.batches()]);
      gainVsGrpo.put(m, new double[SIDES.size()][o.batches()]);
    }
    long version = 0;
    try (PolicyReplica policy = PolicyReplica.load(cfg.spec(), cfg.run().seed(), hadoop.get(), Device.cpu(),
        cfg.spec().computeDtype())) {
      TrainableState warm = TrainableState.of(policy.trainable());
      Map<String, long[]> shapes = warm.shapes();
      for (int k = 1; k <= o.warmup(); k++) {
        int step = o.batches() + k; // prompts no measured batch draws
        policy.sync(++version, snapshot(version, warm));
        List<PromptMeta> batch = promptsOf(train, sampler, step);
        FixedRollouts.Update u = rollouts(cfg, step, batch, policy, hadoop, written)
            .update(cfgs.get("grpo"), policy, step);
        warm.update(u.gradients(), batch.size(), cfg.optim().lr(), cfg.optim().maxGradNorm(), cfg.optim().adam());
        log.printf(Locale.ROOT, "bench temporal-step: warm-up step %d of %d (GRPO)%n", k, o.warmup());
      }
      Map<String, float[]> start = warm.weights();
      WeightBroadcaster.Snapshot w0 = snapshot(++version, warm);
      policy.sync(w0.version(), w0);
      GoldGap gold = GoldGap.of(policy.vlm(), cfg, tests, hadoop);
      double[][] before = gold.gaps(policy.vlm());
      for (int b = 0; b < o.batches(); b++) {
        int step = b + 1;
        List<PromptMeta> batch = promptsOf(train, sampler, step);
        policy.sync(++version, w0);
        FixedRollouts rollouts = rollouts(cfg, step, batch, policy, hadoop, written);
        rollouts.failures().forEach(f -> log.println("bench temporal-step: prompt failed, " + f));
        FixedRollouts.Update grpo = null;
        double[][] grpoDelta = null;
        for (String m : modes) {
          policy.sync(++version, w0); // every mode from the starting weights (π_old of the order pass included)
          FixedRollouts.Update u = rollouts.update(cfgs.get(m), policy, step);
          grpo = m.equals("grpo") ? u : grpo;
          advMode.get(m).addAll(mixedAdvantages(u));
          gradCos.get(m)[b] = cosine(flatten(u.gradients()), flatten(grpo.gradients()));
          TrainableState state = new TrainableState(copy(start), shapes, copyMoments(warm.moments()),
              warm.optimizerSteps());
          TGrpoConfig c = cfgs.get(m);
          state.update(u.gradients(), batch.size(), c.optim().lr(), c.optim().maxGradNorm(), c.optim().adam());
          policy.sync(++version, new WeightBroadcaster.Snapshot(version,
              WeightBroadcaster.encode(state.weights(), shapes, 1L << 30)));
          double[][] after = gold.gaps(policy.vlm());
          double[][] delta = new double[after.length][after[0].length];
          for (int k = 0; k < delta.length; k++) {
            for (int q = 0; q < delta[k].length; q++) {
              delta[k][q] = after[k][q] - before[k][q];
            }
          }
          grpoDelta = m.equals("grpo") ? delta : grpoDelta;
          for (int k = 0; k < delta.length; k++) {
            gain.get(m)[k][b] = mean(delta[k]);
            gainVsGrpo.get(m)[k][b] = mean(delta[k]) - mean(grpoDelta[k]); // the mean of the paired differences
          }
          log.printf(Locale.ROOT, "bench temporal-step: batch %d %s: gold gap gain %.5f (vs GRPO %+.5f; ordered "
              + "%+.5f, shuffled %+.5f)%n", step, m, gain.get(m)[0][b], gainVsGrpo.get(m)[0][b],
              gainVsGrpo.get(m)[1][b], gainVsGrpo.get(m)[2][b]);
        }
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("batches", o.batches());
    figures.put("questions", tests.size());
    figures.put("interval", "95% t over batches");
    figures.put("mixed_responses", advMode.get("grpo").size());
    Map<String, Object> byMode = new LinkedHashMap<>();
    double[] grpoAdv = toArray(advMode.get("grpo"));
    for (String m : modes) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("advantage_cosine", num(cosine(toArray(advMode.get(m)), grpoAdv)));
      // a batch whose GRPO gradient is zero (no group of mixed correctness, the KL term nil at the start) has none
      f.put("gradient_cosine", num(mean(java.util.Arrays.stream(gradCos.get(m)).filter(Double::isFinite).toArray())));
      for (int k = 0; k < SIDES.size(); k++) {
        f.put("gold_" + SIDES.get(k) + "_gain", interval(gain.get(m)[k]));
        f.put("gold_" + SIDES.get(k) + "_gain_vs_grpo", interval(gainVsGrpo.get(m)[k]));
      }
      byMode.put(m, f);
    }
    figures.put("modes", byMode);
    return figures;
  }

  /** The held-out order-dependent questions: of --test-frames, or the training ones no batch draws. */
  private static List<PromptMeta> heldOut(SparkSession spark, Options o, List<PromptMeta> train,
      PromptSampler sampler) throws Exception {
    Set<Integer> drawn = new HashSet<>();
    for (int b = 1; o.testFrames() == null && b <= o.batches() + o.warmup(); b++) {
      for (int i : sampler.promptsOf(b)) {
        drawn.add(i);
      }
    }
    List<PromptMeta> pool = o.testFrames() == null ? train : TrainData.load(spark, o.testFrames());
    List<PromptMeta> out = new ArrayList<>();
    for (int i = 0; i < pool.size() && out.size() < o.questions(); i++) {
      PromptMeta m = pool.get(i);
      if (!drawn.contains(i) && TemporalCredit.ordersMatter(m.video(), m.temporal())) {
        out.add(m);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("bench temporal-step: no held-out order-dependent video question in "
          + (o.testFrames() == null ? o.cfg().frames() : o.testFrames()));
    }
    return out;
  }

  /** The advantages of the update's groups of mixed correctness, concatenated in batch order. */
  private static List<Double> mixedAdvantages(FixedRollouts.Update u) {
    List<Double> out = new ArrayList<>();
    for (int g = 0; g < u.mixed().length; g++) {
      if (u.mixed()[g]) {
        for (float a : u.advantages().get(g)) {
          out.add((double) a);
        }
      }
    }
    return out;
  }

  static double cosine(double[] a, double[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return aa == 0 || bb == 0 ? Double.NaN : ab / Math.sqrt(aa * bb);
  }

  /** The gradient as one vector, parameters in the map's (the replica's) order. */
  private static double[] flatten(Map<String, float[]> g) {
    int n = g.values().stream().mapToInt(v -> v.length).sum();
    double[] out = new double[n];
    int k = 0;
    for (float[] v : g.values()) {
      for (float x : v) {
        out[k++] = x;
      }
    }
    return out;
  }

  /** Batch {@code step}'s rollouts on the policy's current weights: sampled, or {@code written} where given. */
  private static FixedRollouts rollouts(TGrpoConfig cfg, int step, List<PromptMeta> batch, PolicyReplica policy,
      HadoopConf hadoop, FixedRollouts.Written written) throws Exception {
    return written == null ? FixedRollouts.sample(cfg, step, batch, policy, hadoop)
        : FixedRollouts.written(cfg, step, batch, policy, hadoop, written);
  }

  private static List<PromptMeta> promptsOf(List<PromptMeta> train, PromptSampler sampler, int step) {
    List<PromptMeta> batch = new ArrayList<>();
    for (int i : sampler.promptsOf(step)) {
      batch.add(train.get(i));
    }
    return batch;
  }

  private static WeightBroadcaster.Snapshot snapshot(long version, TrainableState s) {
    return new WeightBroadcaster.Snapshot(version, WeightBroadcaster.encode(s.weights(), s.shapes(), 1L << 30));
  }

  private static Map<String, AdamW.State> copyMoments(Map<String, AdamW.State> moments) {
    Map<String, AdamW.State> out = new LinkedHashMap<>();
    moments.forEach((n, s) -> out.put(n, new AdamW.State(s.m.clone(), s.v.clone())));
    return out;
  }

  private static Map<String, float[]> copy(Map<String, float[]> w) {
    Map<String, float[]> out = new LinkedHashMap<>();
    w.forEach((n, v) -> out.put(n, v.clone()));
    return out;
  }

  private static double[] toArray(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static Map<String, Double> interval(double[] v) {
    double[] t = Stats.tInterval(v);
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("mean", num(t[0]));
    out.put("lo", num(t[1]));
    out.put("hi", num(t[2]));
    return out;
  }

  /** A figure for JSON: null where it is undefined (no mixed group, one batch). */
  private static Double num(double x) {
    return Double.isFinite(x) ? x : null;
  }

  /** The figures as one JSON object, undefined figures as null. */
  public static String json(Map<String, Object> figures) {
    return new com.google.gson.GsonBuilder().serializeNulls().create().toJson(figures);
  }
}
