package io.videor1.eval;

import io.videor1.exec.FrameProbe;
import io.videor1.model.generate.Seeds;
import io.videor1.reward.EvalScorer;
import io.videor1.score.PairedDifference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The frame probes of one benchmark: each probe's score (the benchmark's own metric, as {@code reference.score}) and
 * ordered − probe with a paired 95% bootstrap interval, overall and per category.
 *
 * <p>An image is never re-answered (a probe changes the order or content of a video's frames; an image has one) and
 * counts with its ordered answer, as the demo counts it, so a probe's score is over the same questions as the ordered
 * score and an image adds 0 to the difference. A video with no answer under a probe is left out of that probe's pairs
 * ({@code diff.n} says how many pairs there are).
 *
 * @param overall probe key → {score, videos, diff: {mean, lo, hi, n}}
 * @param byCategory category → probe key → {score, diff}
 */
public record ProbeSummary(Map<String, Object> overall, Map<String, Map<String, Object>> byCategory) {
  private static final long SALT = 0x50524f4245L; // "PROBE"

  /** One question: its ordered answer, whether it is a video, and its answers under the probes. */
  public record Question(ScoredAnswer ordered, boolean video, Map<FrameProbe, ScoredAnswer> probed) {}

  /** No probes asked for. */
  public static ProbeSummary none() {
    return new ProbeSummary(Map.of(), Map.of());
  }

  /**
   * Summarises {@code probes} over {@code questions}.
   *
   * @param vsi whether the benchmark score is VSI-Bench's (accuracy + MRA) / 2
   * @param seed the bootstrap's seed (eval.seed): the same answers give the same intervals
   */
  public static ProbeSummary of(List<Question> questions, List<FrameProbe> probes, boolean vsi, long seed) {
    Map<String, Object> overall = new LinkedHashMap<>();
    Map<String, Map<String, Object>> byCategory = new TreeMap<>();
    for (FrameProbe p : probes) {
      List<ScoredAnswer> ordered = new ArrayList<>();
      List<ScoredAnswer> probed = new ArrayList<>();
      int videos = 0;
      for (Question q : questions) {
        ScoredAnswer a = q.video() ? q.probed().get(p) : q.ordered();
        if (a != null) {
          ordered.add(q.ordered());
          probed.add(a);
          videos += q.video() ? 1 : 0;
        }
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("score", score(probed, vsi));
      m.put("videos", videos);
      m.put("diff", interval(benchmarkDiff(ordered, probed, vsi, Seeds.derive(seed, SALT, p.ordinal()))));
      overall.put(p.key(), m);

      Map<String, List<Integer>> index = new TreeMap<>();
      for (int i = 0; i < ordered.size(); i++) {
        index.computeIfAbsent(ordered.get(i).category(), k -> new ArrayList<>()).add(i);
      }
      int c = 0;
      for (var e : index.entrySet()) {
        double[] a = e.getValue().stream().mapToDouble(i -> ordered.get(i).score()).toArray();
        double[] b = e.getValue().stream().mapToDouble(i -> probed.get(i).score()).toArray();
        Map<String, Object> cm = new LinkedHashMap<>();
        cm.put("score", round(java.util.Arrays.stream(b).average().orElse(0)));
        cm.put("diff", interval(PairedDifference.of(a, b,
            Seeds.derive(seed, SALT, p.ordinal(), ++c))));
        byCategory.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>()).put(p.key(), cm);
      }
    }
    return new ProbeSummary(overall, byCategory);
  }

  /** The benchmark metric as strata: accuracy items and MRA items, weighted as {@link EvalScorer#benchmarkScore}. */
  private static PairedDifference benchmarkDiff(List<ScoredAnswer> a, List<ScoredAnswer> b, boolean vsi,
      long seed) {
    List<Integer> acc = new ArrayList<>();
    List<Integer> mra = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      (a.get(i).problemType().equals("regression") ? mra : acc).add(i);
    }
    double wAcc = acc.isEmpty() ? 0 : vsi && !mra.isEmpty() ? 0.5 : 1;
    double wMra = mra.isEmpty() ? 0 : vsi && !acc.isEmpty() ? 0.5 : acc.isEmpty() ? 1 : 0;
    return PairedDifference.stratified(
        new double[][] {scores(a, acc), scores(a, mra)}, new double[][] {scores(b, acc), scores(b, mra)},
        new double[] {wAcc, wMra}, PairedDifference.RESAMPLES, seed);
  }

  private static double[] scores(List<ScoredAnswer> answers, List<Integer> idx) {
    return idx.stream().mapToDouble(i -> answers.get(i).score()).toArray();
  }

  /** The same number {@code reference.score} is for the ordered answers (null when there are none). */
  static Double score(List<ScoredAnswer> answers, boolean vsi) {
    OptionalDouble acc = answers.stream().filter(a -> !a.problemType().equals("regression"))
        .mapToDouble(ScoredAnswer::score).average();
    OptionalDouble mra = answers.stream().filter(a -> a.problemType().equals("regression"))
        .mapToDouble(ScoredAnswer::score).average();
    OptionalDouble s = EvalScorer.benchmarkScore(acc, mra, vsi);
    return s.isPresent() ? round(s.getAsDouble()) : null;
  }

  /** A table per benchmark: probe, category, pairs, score, ordered − probe and its interval, in points. */
  @SuppressWarnings("unchecked")
  String toMarkdown(String benchmark, Double orderedScore) {
    if (overall.isEmpty()) {
      return "";
    }
    StringBuilder t = new StringBuilder(String.format(java.util.Locale.ROOT,
        "%nFrame probes, %s (ordered score %s; difference = ordered - probe, 95%% paired bootstrap interval; images "
            + "count with their ordered answer):%n%n| probe | category | pairs | score | difference | 95%% interval |%n"
            + "|---|---|---|---|---|---|%n", benchmark, EvalSummary.pct(orderedScore)));
    overall.forEach((p, v) -> {
      Map<String, Object> m = (Map<String, Object>) v;
      row(t, p, "all", (Double) m.get("score"), (Map<String, Object>) m.get("diff"));
      byCategory.forEach((c, perProbe) -> {
        Map<String, Object> cm = (Map<String, Object>) perProbe.get(p);
        if (cm != null) {
          row(t, p, c, (Double) cm.get("score"), (Map<String, Object>) cm.get("diff"));
        }
      });
    });
    return t.toString();
  }

  private static void row(StringBuilder t, String probe, String category, Double score, Map<String, Object> d) {
    t.append(String.format(java.util.Locale.ROOT, "| %s | %s | %d | %s | %+.1f | [%+.1f, %+.1f] |%n", probe, category,
        (Integer) d.get("n"), EvalSummary.pct(score), 100 * (Double) d.get("mean"), 100 * (Double) d.get("lo"),
        100 * (Double) d.get("hi")));
  }

  private static Map<String, Object> interval(PairedDifference d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", round(d.mean()));
    m.put("lo", round(d.lo()));
    m.put("hi", round(d.hi()));
    m.put("n", d.n());
    return m;
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
