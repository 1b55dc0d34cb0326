package io.videor1.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The analysis of {@code bench temporal}'s finished runs: per seed and pooled, and each new mode against GRPO and
 * against the {@code prompt_weight} control (the control also against GRPO): the mean paired difference of the
 * primary metric over the seeds both ran, its one-sided sign-flip p-value, the two-level bootstrap interval (seeds,
 * then questions), and the pilot figures that set the number of seeds: the sd of the paired differences, the
 * correlation between the paired arms, and the seeds needed to detect {@code effect} ({@link PairedSeeds}).
 */
final class TemporalBenchSummary {
  private TemporalBenchSummary() {}

  /** One comparison: a − b over their common seeds. */
  record Comparison(String a, String b, List<Long> seeds, double meanDifference, double sdDifference,
      double correlation, double pSignFlip, String pMethod, PairedSeeds.Interval bootstrap, double seedsNeeded) {}

  /** The pairs compared among {@code modes}: every new mode against grpo and prompt_weight, and the control. */
  static List<String[]> pairs(List<String> modes) {
    List<String[]> out = new ArrayList<>();
    String grpo = TemporalBenchConfig.GRPO;
    String control = TemporalBenchConfig.CONTROL;
    for (String m : modes) {
      if (m.equals(grpo) || m.equals(control)) {
        continue;
      }
      if (modes.contains(grpo)) {
        out.add(new String[] {m, grpo});
      }
      if (modes.contains(control)) {
        out.add(new String[] {m, control});
      }
    }
    if (modes.contains(grpo) && modes.contains(control)) {
      out.add(new String[] {control, grpo});
    }
    return out;
  }

  /** Compares {@code a} with {@code b} over the seeds both finished ({@code runs}: mode → seed → result). */
  static Comparison compare(String a, String b, Map<String, Map<Long, TemporalBenchRun.Result>> runs,
      TemporalBenchConfig cfg) {
    Map<Long, TemporalBenchRun.Result> ra = runs.getOrDefault(a, Map.of());
    Map<Long, TemporalBenchRun.Result> rb = runs.getOrDefault(b, Map.of());
    List<Long> seeds = new ArrayList<>(new TreeSet<>(ra.keySet()));
    seeds.retainAll(rb.keySet());
    int n = seeds.size();
    double[] ya = new double[n];
    double[] yb = new double[n];
    double[] d = new double[n];
    double[][] qa = new double[n][];
    double[][] qb = new double[n][];
    for (int i = 0; i < n; i++) {
      TemporalBenchRun.Result x = ra.get(seeds.get(i));
      TemporalBenchRun.Result y = rb.get(seeds.get(i));
      if (!java.util.Arrays.equals(x.problemIds(), y.problemIds())) {
        throw new IllegalStateException("bench temporal: seed " + seeds.get(i) + ": " + a + " and " + b
            + " were evaluated on different questions");
      }
      ya[i] = x.temporalAccuracy();
      yb[i] = y.temporalAccuracy();
      d[i] = ya[i] - yb[i];
      qa[i] = x.perQuestion();
      qb[i] = y.perQuestion();
    }
    double sd = PairedSeeds.sd(d);
    return new Comparison(a, b, seeds, PairedSeeds.mean(d), sd, PairedSeeds.correlation(ya, yb),
        PairedSeeds.signFlipP(d, cfg.signFlipDraws(), cfg.signFlipSeed()),
        n <= PairedSeeds.EXACT_MAX ? "exact" : "monte_carlo",
        PairedSeeds.bootstrap(qa, qb, cfg.bootstrapResamples(), cfg.bootstrapSeed()),
        PairedSeeds.pairsNeeded(sd, cfg.effect(), cfg.alpha(), cfg.power()));
  }

  /** The summary as a JSON-ready map (undefined figures as null). */
  static Map<String, Object> of(TemporalBenchConfig cfg, int seeds, List<String> modes,
      Map<String, Map<Long, TemporalBenchRun.Result>> runs, int questions, Map<String, Object> fingerprint) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("seeds", seeds);
    s.put("modes", modes);
    s.put("questions", questions);
    s.put("eval_steps", cfg.evalSteps());
    s.put("primary_metric", "accuracy on the order-dependent test questions, mean of the evaluations at 60/80/100%");
    s.put("settings", fingerprint);
    List<Map<String, Object>> rows = new ArrayList<>();
    Map<String, Object> pooled = new LinkedHashMap<>();
    for (String m : modes) {
      Map<Long, TemporalBenchRun.Result> byMode = runs.getOrDefault(m, Map.of());
      List<TemporalBenchRun.Result> rs = new ArrayList<>(byMode.values());
      for (TemporalBenchRun.Result r : rs) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("seed", r.seed());
        row.put("mode", m);
        row.put("temporal_accuracy", num(r.temporalAccuracy()));
        row.put("order_gap", num(r.orderGap()));
        row.put("cue_following", r.cueFollowing());
        row.put("evaluations", r.evaluations());
        rows.add(row);
      }
      double[] acc = rs.stream().mapToDouble(TemporalBenchRun.Result::temporalAccuracy).toArray();
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("seeds", rs.size());
      p.put("temporal_accuracy", num(PairedSeeds.mean(acc)));
      p.put("temporal_accuracy_sd", num(PairedSeeds.sd(acc)));
      p.put("order_gap", num(rs.stream().mapToDouble(TemporalBenchRun.Result::orderGap).average().orElse(Double.NaN)));
      p.put("cue_following", num(rs.stream().filter(r -> r.cueFollowing() != null)
          .mapToDouble(TemporalBenchRun.Result::cueFollowing).average().orElse(Double.NaN)));
      pooled.put(m, p);
    }
    rows.sort((x, y) -> Long.compare((Long) x.get("seed"), (Long) y.get("seed")));
    s.put("runs", rows);
    s.put("pooled", pooled);
    List<Map<String, Object>> comps = new ArrayList<>();
    for (String[] pr : pairs(modes)) {
      Comparison c = compare(pr[0], pr[1], runs, cfg);
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("a", c.a());
      x.put("b", c.b());
      x.put("seeds", c.seeds().size());
      x.put("mean_difference", num(c.meanDifference()));
      x.put("sd_difference", num(c.sdDifference()));
      x.put("correlation", num(c.correlation()));
      x.put("p_sign_flip", num(c.pSignFlip()));
      x.put("p_method", c.seeds().isEmpty() ? null : c.pMethod());
      Map<String, Object> ci = new LinkedHashMap<>();
      ci.put("lo", c.bootstrap() == null ? null : num(c.bootstrap().lo()));
      ci.put("hi", c.bootstrap() == null ? null : num(c.bootstrap().hi()));
      x.put("bootstrap_95", ci);
      x.put("seeds_needed", num(c.seedsNeeded()));
      comps.add(x);
    }
    s.put("comparisons", comps);
    Map<String, Object> pilot = new LinkedHashMap<>();
    pilot.put("effect", cfg.effect());
    pilot.put("alpha", cfg.alpha());
    pilot.put("power", cfg.power());
    pilot.put("bootstrap_resamples", cfg.bootstrapResamples());
    pilot.put("bootstrap_seed", cfg.bootstrapSeed());
    pilot.put("sign_flip_draws", cfg.signFlipDraws());
    pilot.put("sign_flip_seed", cfg.signFlipSeed());
    s.put("analysis", pilot);
    return s;
  }

  /** The starting checkpoint's own figures (before RL) for the summary; {@code sha} null without an archive. */
  static Map<String, Object> start(TemporalBenchRun.Point p, String sha) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model_sha256", sha);
    m.put("temporal_accuracy", num(p.temporalAccuracy()));
    m.put("shuffled_accuracy", num(p.shuffledAccuracy()));
    m.put("order_gap", num(p.orderGap()));
    m.put("cue_following", p.cueFollowing());
    return m;
  }

  /** The per-seed and pooled tables and the comparisons, as text. */
  @SuppressWarnings("unchecked")
  static void print(Map<String, Object> s, PrintStream out) {
    List<String> modes = (List<String>) s.get("modes");
    out.printf(Locale.ROOT, "bench temporal: %d order-dependent test questions, evaluations at steps %s; per run: "
        + "accuracy (mean of the three) / order gap / cue-following%n", s.get("questions"),
        java.util.Arrays.toString((int[]) s.get("eval_steps")));
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-6s", "seed"));
    modes.forEach(m -> head.append(String.format(Locale.ROOT, " %-30s", m)));
    out.println(head);
    Map<Long, Map<String, Map<String, Object>>> bySeed = new java.util.TreeMap<>();
    for (Map<String, Object> r : (List<Map<String, Object>>) s.get("runs")) {
      bySeed.computeIfAbsent((Long) r.get("seed"), k -> new LinkedHashMap<>()).put((String) r.get("mode"), r);
    }
    bySeed.forEach((seed, row) -> {
      StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-6d", seed));
      for (String m : modes) {
        Map<String, Object> r = row.get(m);
        b.append(String.format(Locale.ROOT, " %-30s", r == null ? "-" : String.format(Locale.ROOT, "%s / %s / %s",
            f3(r.get("temporal_accuracy")), f3(r.get("order_gap")), f3(r.get("cue_following")))));
      }
      out.println(b);
    });
    StringBuilder pooled = new StringBuilder(String.format(Locale.ROOT, "%-6s", "pooled"));
    Map<String, Map<String, Object>> p = (Map<String, Map<String, Object>>) s.get("pooled");
    for (String m : modes) {
      Map<String, Object> x = p.get(m);
      pooled.append(String.format(Locale.ROOT, " %-30s", String.format(Locale.ROOT, "%s / %s / %s (n=%s)",
          f3(x.get("temporal_accuracy")), f3(x.get("order_gap")), f3(x.get("cue_following")), x.get("seeds"))));
    }
    out.println(pooled);
    Map<String, Object> st = (Map<String, Object>) s.get("start");
    if (st != null) {
      out.printf(Locale.ROOT, "%-6s %s / %s / %s (the starting checkpoint%s, before RL)%n", "start",
          f3(st.get("temporal_accuracy")), f3(st.get("order_gap")), f3(st.get("cue_following")),
          st.get("model_sha256") == null ? "" : " " + ((String) st.get("model_sha256")).substring(0, 12));
    }
    out.printf(Locale.ROOT, "%-34s %5s %9s %8s %24s %7s %6s %s%n", "comparison (a - b)", "seeds", "mean", "p (1-s)",
        "95% bootstrap (seeds, q)", "sd", "corr", "seeds for 0.03 at 80%");
    for (Map<String, Object> c : (List<Map<String, Object>>) s.get("comparisons")) {
      Map<String, Object> ci = (Map<String, Object>) c.get("bootstrap_95");
      out.printf(Locale.ROOT, "%-34s %5s %9s %8s %24s %7s %6s %s%n", c.get("a") + " - " + c.get("b"), c.get("seeds"),
          signed(c.get("mean_difference")), f3(c.get("p_sign_flip")), "[" + signed(ci.get("lo")) + ", "
          + signed(ci.get("hi")) + "]", f3(c.get("sd_difference")), f3(c.get("correlation")),
          c.get("seeds_needed") == null ? "-" : String.format(Locale.ROOT, "%.0f", (Double) c.get("seeds_needed")));
    }
  }

  private static String f3(Object x) {
    return x == null ? "-" : String.format(Locale.ROOT, "%.3f", ((Number) x).doubleValue());
  }

  private static String signed(Object x) {
    return x == null ? "-" : String.format(Locale.ROOT, "%+.4f", ((Number) x).doubleValue());
  }

  /** A figure for JSON: null where it is undefined. */
  static Double num(double x) {
    return Double.isFinite(x) ? x : null;
  }
}
