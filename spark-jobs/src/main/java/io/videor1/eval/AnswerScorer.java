package io.videor1.eval;

import io.videor1.reward.AnswerExtractor;
import io.videor1.reward.EvalScorer;
import io.videor1.reward.ProblemType;
import io.videor1.reward.RewardOptions;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scores one answer as {@code eval_bench.py} does (through {@link EvalScorer}) and, beside it, with {@link
 * RobustChoice} for multiple choice; and names the answer's category for the summary.
 */
public final class AnswerScorer {
  private static final Pattern MMMU_PATH = Pattern.compile("(?:^|/)(?:dev|test|validation)_([A-Za-z_]+?)_\\d+\\.\\w+$");

  private AnswerScorer() {}

  /** Scores {@code output} for a benchmark record (its fields as parsed from the benchmark file). */
  public static ScoredAnswer score(
      String benchmark,
      long problemId,
      String problemType,
      String solution,
      List<String> options,
      String output,
      String category,
      RewardOptions opts) {
    ProblemType type =
        ProblemType.fromWireName(problemType)
            .orElseThrow(() -> new IllegalArgumentException("unknown problem_type '" + problemType + "'"));
    double score = EvalScorer.score(type, output, solution, options, opts);
    String prediction = AnswerExtractor.extractForEval(output == null ? "" : output, opts.evalFallbackToRawOutput());
    String robust = prediction;
    double robustScore = score;
    if (type == ProblemType.MULTIPLE_CHOICE) {
      robust = RobustChoice.letter(output, options);
      String gt = AnswerExtractor.extract(solution == null ? "" : solution).strip();
      robustScore = !robust.isEmpty() && robust.equalsIgnoreCase(gt) ? 1.0 : 0.0;
    }
    return new ScoredAnswer(benchmark, problemId, problemType, category, output, prediction, score, robust, robustScore);
  }

  /**
   * The category an answer is reported under: the first of the record's {@code question_type}, {@code dimension},
   * {@code task}, {@code category} or {@code subject} fields; else the subject in the media path (MMVU's
   * {@code ./videos/Chemistry/0.mp4}, Video-MMMU's {@code ./dev_Biology_3.mp4}); else {@code original_question_type};
   * else the problem type.
   */
  public static String category(Map<String, String> fields, String path, String problemType) {
    for (String k : List.of("question_type", "dimension", "task", "category", "subject")) {
      String v = fields.get(k);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    if (path != null) {
      String p = path.replace('\\', '/');
      int i = p.indexOf("videos/");
      if (i >= 0) {
        String rest = p.substring(i + "videos/".length());
        int slash = rest.indexOf('/');
        if (slash > 0) {
          return rest.substring(0, slash);
        }
      }
      Matcher m = MMMU_PATH.matcher(p);
      if (m.find()) {
        return m.group(1);
      }
    }
    String original = fields.get("original_question_type");
    return original != null && !original.isBlank() ? original : problemType;
  }
}
