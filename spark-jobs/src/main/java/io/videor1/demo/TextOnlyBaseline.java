package io.videor1.demo;

import io.videor1.prompt.PromptMeta;
import io.videor1.reward.AccuracyReward;
import io.videor1.reward.RewardOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What answering without looking would score: for each question text of the training split (problem, type and
 * options), its most frequent training answer; a test question whose text never occurs in training gets the most
 * frequent answer of its problem type. Scored with the accuracy reward, like the models.
 *
 * <p>This is the ceiling of a model that reads only the text, so a model's accuracy above it is what it got from the
 * frames.
 */
final class TextOnlyBaseline {
  /**
   * @param accuracy mean accuracy reward of the baseline's answers on the test questions
   * @param seen test questions whose text occurs in the training split
   * @param distinctTexts distinct question texts in the training split
   */
  record Result(double accuracy, int seen, int distinctTexts) {}

  private TextOnlyBaseline() {}

  static Result of(List<PromptMeta> train, List<PromptMeta> test) {
    Map<String, Map<String, Integer>> byText = new HashMap<>();
    Map<String, Map<String, Integer>> byType = new HashMap<>();
    for (PromptMeta m : train) {
      byText.computeIfAbsent(HeldOutEval.text(m), k -> new HashMap<>()).merge(m.solution(), 1, Integer::sum);
      byType.computeIfAbsent(m.problemType(), k -> new HashMap<>()).merge(m.solution(), 1, Integer::sum);
    }
    double sum = 0;
    int seen = 0;
    for (PromptMeta m : test) {
      Map<String, Integer> counts = byText.get(HeldOutEval.text(m));
      seen += counts != null ? 1 : 0;
      if (counts == null) {
        counts = byType.getOrDefault(m.problemType(), Map.of());
      }
      String answer = best(counts);
      sum += answer == null ? 0
          : AccuracyReward.score(m.type(), answer, m.solution(), m.options(), RewardOptions.defaults());
    }
    return new Result(test.isEmpty() ? Double.NaN : sum / test.size(), seen, byText.size());
  }

  /** The most frequent answer; ties go to the smallest string, so the baseline does not depend on map order. */
  private static String best(Map<String, Integer> counts) {
    String best = null;
    int n = -1;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      if (e.getValue() > n || (e.getValue() == n && e.getKey().compareTo(best) < 0)) {
        best = e.getKey();
        n = e.getValue();
      }
    }
    return best;
  }
}
