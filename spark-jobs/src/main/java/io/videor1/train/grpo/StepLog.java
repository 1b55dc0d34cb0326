package io.videor1.train.grpo;

import io.videor1.rl.StepMetrics;
import io.videor1.rl.TemporalMode;
import io.videor1.train.run.StepTimer;
import io.videor1.train.run.TrainableState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One line of a T-GRPO run's metrics.jsonl: the step metrics of the rewards (spec §4.7 and {@link StepMetrics}), the
 * loss, KL, learning rate, gradient norm, bytes broadcast, and the step's seconds by stage; with float16 executors
 * also the loss scale and whether the step was skipped for a non-finite gradient; in a non-reference temporal mode
 * also what the mode did (the mode, its temporal scores and prompt weights; the reference mode's lines are as before).
 */
final class StepLog {
  private StepLog() {}

  static Map<String, Object> line(int step, List<PromptResult> results, TrainableState.Update u, double lr,
      long broadcastBytes, int threads, StepTimer timer, TemporalMode mode) {
    StepMetrics m = TGrpoTrainer.metrics(results);
    Map<String, Object> l = new LinkedHashMap<>();
    l.put("step", step);
    l.put("weight_version", step - 1);
    l.put("groups", m.groups());
    l.put("completions", m.completions());
    l.put("failed_prompts", results.stream().filter(r -> r.group() == null).count());
    l.put("dropped_groups", m.droppedGroups());
    l.put("accuracy", m.accuracyMean());
    l.put("accuracy_std", m.accuracyStd());
    l.put("format", m.formatMean());
    l.put("temporal_bonus", m.temporalBonusMean());
    l.put("length_bonus", m.lengthBonusMean());
    l.put("reward", m.rewardMean());
    l.put("reward_std", m.rewardStd());
    l.put("group_reward_std", m.groupRewardStdMean());
    l.put("all_correct", m.allCorrectFraction());
    l.put("all_wrong", m.allWrongFraction());
    l.put("zero_std", m.zeroStdFraction());
    l.put("video_groups", m.videoGroups());
    l.put("temporal_win_rate", m.temporalWinRate());
    l.put("temporal_rewards", m.temporalIndicatorMean());
    l.put("completion_length", m.lengthMean());
    l.put("completion_length_max", m.lengthMax());
    l.put("shuffled_accuracy", shuffledAccuracy(results));
    l.put("loss", mean(results, true));
    l.put("kl", mean(results, false));
    l.put("lr", lr);
    l.put("grad_norm", u == null ? Double.NaN : u.gradNorm());
    l.put("updated", u != null && !u.skipped());
    l.put("clipped", u != null && u.clipped());
    if (u != null && u.lossScale() > 0) { // float16 executors: the loss scale of this step, and whether it overflowed
      l.put("loss_scale", (double) u.lossScale());
      l.put("skipped", u.skipped());
    }
    if (mode != TemporalMode.REFERENCE) {
      temporal(l, results, mode);
    }
    l.put("broadcast_bytes", broadcastBytes);
    l.put("exec_threads", threads);
    l.put("seconds", timer.seconds());
    l.replaceAll((k, v) -> v instanceof Double d && !Double.isFinite(d) ? null : v);
    return l;
  }

  /**
   * What a temporal mode did over the step's ordered responses: how many got a temporal score, their mean and std,
   * and the mean weight over the prompts that got one (each prompt once).
   */
  private static void temporal(Map<String, Object> l, List<PromptResult> results, TemporalMode mode) {
    List<Double> scores = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    for (PromptResult r : results) {
      Double w = null;
      for (LedgerRow row : r.rows()) {
        if (!row.shuffled() && row.temporalScore() != null) {
          scores.add(row.temporalScore());
        }
        w = !row.shuffled() && row.promptWeight() != null ? row.promptWeight() : w;
      }
      if (w != null) {
        weights.add(w);
      }
    }
    double mean = scores.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double ss = scores.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
    l.put("temporal_mode", mode.setting());
    l.put("temporal_scored", scores.size());
    l.put("temporal_score_mean", mean);
    l.put("temporal_score_std", scores.size() < 2 ? Double.NaN : Math.sqrt(ss / (scores.size() - 1)));
    l.put("weighted_prompts", weights.size());
    l.put("prompt_weight_mean", weights.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
  }

  static String headline(Map<String, Object> l) {
    return String.format(Locale.ROOT, "reward %s acc %s kl %s", f(l.get("reward")), f(l.get("accuracy")),
        f(l.get("kl")));
  }

  private static String f(Object o) {
    return o instanceof Number n ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : "n/a";
  }

  private static double mean(List<PromptResult> results, boolean loss) {
    double sum = 0;
    int n = 0;
    for (PromptResult r : results) {
      if (r.trained()) {
        sum += loss ? r.loss() : r.kl();
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static double shuffledAccuracy(List<PromptResult> results) {
    double sum = 0;
    int n = 0;
    for (PromptResult r : results) {
      for (LedgerRow row : r.rows()) {
        if (row.shuffled()) {
          sum += row.accuracy();
          n++;
        }
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}
