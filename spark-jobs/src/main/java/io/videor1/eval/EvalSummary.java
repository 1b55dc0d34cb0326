package io.videor1.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.videor1.reward.EvalScorer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The numbers of one benchmark: the reference's score (mean accuracy; VSI-Bench: the mean of accuracy and MRA, #121),
 * the same with the robust multiple-choice extractor, per-category means, the questions skipped for missing media,
 * the settings that shaped the answers (prompt style, curation preset) and the frame probes.
 *
 * @param settings what decided the answers besides the model, in summary.json's words (empty when not known)
 */
public record EvalSummary(
    String benchmark,
    int answered,
    int skipped,
    List<String> skippedMedia,
    Map<String, Double> reference,
    Map<String, Double> robust,
    Map<String, Map<String, Object>> categories,
    Map<String, Object> settings,
    ProbeSummary probes) {

  /** A copy with the run's settings and probes. */
  public EvalSummary with(Map<String, Object> settings, ProbeSummary probes) {
    return new EvalSummary(benchmark, answered, skipped, skippedMedia, reference, robust, categories, settings, probes);
  }

  /** Summarises the answers of one benchmark. */
  public static EvalSummary of(String benchmark, List<ScoredAnswer> answers, List<String> skippedMedia) {
    boolean vsi = benchmark.toLowerCase(Locale.ROOT).contains("vsi");
    Map<String, List<ScoredAnswer>> byCategory = new TreeMap<>();
    for (ScoredAnswer a : answers) {
      byCategory.computeIfAbsent(a.category(), k -> new ArrayList<>()).add(a);
    }
    Map<String, Map<String, Object>> categories = new LinkedHashMap<>();
    byCategory.forEach(
        (k, v) -> {
          Map<String, Object> c = new LinkedHashMap<>();
          c.put("count", v.size());
          c.put("score", round(v.stream().mapToDouble(ScoredAnswer::score).average().orElse(0)));
          c.put("robust_score", round(v.stream().mapToDouble(ScoredAnswer::robustScore).average().orElse(0)));
          categories.put(k, c);
        });
    return new EvalSummary(
        benchmark, answers.size(), skippedMedia.size(), List.copyOf(skippedMedia),
        numbers(answers, vsi, false), numbers(answers, vsi, true), categories, Map.of(), ProbeSummary.none());
  }

  private static Map<String, Double> numbers(List<ScoredAnswer> answers, boolean vsi, boolean robust) {
    OptionalDouble acc =
        answers.stream().filter(a -> !a.problemType().equals("regression"))
            .mapToDouble(a -> robust ? a.robustScore() : a.score()).average();
    OptionalDouble mra =
        answers.stream().filter(a -> a.problemType().equals("regression"))
            .mapToDouble(a -> robust ? a.robustScore() : a.score()).average();
    Map<String, Double> m = new LinkedHashMap<>();
    acc.ifPresent(v -> m.put("mean_acc", round(v)));
    mra.ifPresent(v -> m.put("mean_mra", round(v)));
    EvalScorer.benchmarkScore(acc, mra, vsi).ifPresent(v -> m.put("score", round(v)));
    return m;
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }

  /** The summary as a JSON object. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("benchmark", benchmark);
    m.put("answered", answered);
    m.put("skipped_missing_media", skipped);
    m.put("skipped_media", skippedMedia);
    m.put("reference", reference);
    m.put("robust_choice", robust);
    m.putAll(settings);
    if (probes.overall().isEmpty()) {
      m.put("categories", categories);
    } else {
      m.put("probes", probes.overall());
      Map<String, Map<String, Object>> withProbes = new LinkedHashMap<>();
      categories.forEach((k, v) -> {
        Map<String, Object> c = new LinkedHashMap<>(v);
        c.put("probes", probes.byCategory().getOrDefault(k, Map.of()));
        withProbes.put(k, c);
      });
      m.put("categories", withProbes);
    }
    return m;
  }

  /** {@code summary.json} for a list of benchmarks. */
  public static String toJson(List<EvalSummary> all) {
    List<Map<String, Object>> out = new ArrayList<>();
    all.forEach(s -> out.add(s.toMap()));
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(Map.of("benchmarks", out)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The Markdown table: one row per benchmark, then one per category; then a frame-probe table per benchmark. */
  public static String toMarkdown(List<EvalSummary> all) {
    StringBuilder b = new StringBuilder("| benchmark | category | answered | score | robust choice score |\n|---|---|---|---|---|\n");
    for (EvalSummary s : all) {
      b.append(String.format(Locale.ROOT, "| %s | all | %d (skipped %d) | %s | %s |%n", s.benchmark, s.answered, s.skipped,
          pct(s.reference.get("score")), pct(s.robust.get("score"))));
      s.categories.forEach((k, v) -> b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", s.benchmark, k,
          v.get("count"), pct((Double) v.get("score")), pct((Double) v.get("robust_score")))));
    }
    for (EvalSummary s : all) {
      b.append(s.probes.toMarkdown(s.benchmark, s.reference.get("score")));
    }
    return b.toString();
  }

  static String pct(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.1f", 100 * v);
  }
}
