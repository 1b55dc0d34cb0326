package io.videor1.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.videor1.train.StepTimer;
import io.videor1.train.TGrpoTrainer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The demo's measured results: held-out accuracy of the SFT, T-GRPO and GRPO models overall, by problem type, and on
 * the order-dependent ({@code temporal}) questions, each with true and with shuffled frames.
 *
 * @param accuracy model → mean accuracy reward with true frames
 * @param accuracyShuffled model → the same with shuffled frames
 * @param byType problem type → model → accuracy
 * @param temporal model → accuracy on the order-dependent questions
 * @param temporalShuffled model → the same with shuffled frames
 * @param counts how many questions each figure averages
 * @param trainingReward algorithm → mean training reward over the first and last tenth of its steps
 * @param pairedVsSft model → questions it scores higher than the SFT model on, and lower (a paired comparison)
 * @param seconds wall seconds by stage
 */
public record DemoSummary(Map<String, Double> accuracy, Map<String, Double> accuracyShuffled,
    Map<String, Map<String, Double>> byType, Map<String, Double> temporal, Map<String, Double> temporalShuffled,
    Map<String, Integer> counts, Map<String, double[]> trainingReward, Map<String, int[]> pairedVsSft,
    Map<String, Double> seconds, DemoConfig config) {
  /** The plot file the summary names. */
  public static final String REPORT = "report.html";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static DemoSummary of(Map<String, List<HeldOutEval.Item>> results, Map<String, TGrpoTrainer.Result> runs,
      StepTimer timer, DemoConfig cfg) {
    Map<String, Double> acc = new LinkedHashMap<>();
    Map<String, Double> accS = new LinkedHashMap<>();
    Map<String, Double> tmp = new LinkedHashMap<>();
    Map<String, Double> tmpS = new LinkedHashMap<>();
    Map<String, Map<String, Double>> byType = new TreeMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    Predicate<HeldOutEval.Item> temporalQ = i -> Boolean.TRUE.equals(i.temporal());
    results.forEach((model, items) -> {
      acc.put(model, mean(items, i -> true, HeldOutEval.Item::accuracy));
      accS.put(model, mean(items, i -> true, HeldOutEval.Item::accuracyShuffled));
      tmp.put(model, mean(items, temporalQ, HeldOutEval.Item::accuracy));
      tmpS.put(model, mean(items, temporalQ, HeldOutEval.Item::accuracyShuffled));
      for (HeldOutEval.Item i : items) {
        byType.computeIfAbsent(i.problemType(), t -> new LinkedHashMap<>());
      }
      byType.forEach((t, m) -> m.put(model, mean(items, i -> i.problemType().equals(t), HeldOutEval.Item::accuracy)));
      counts.put("questions", items.size());
      counts.put("temporal_questions", (int) items.stream().filter(temporalQ).count());
    });
    Map<String, double[]> reward = new LinkedHashMap<>();
    runs.forEach((algo, r) -> reward.put(algo, firstLast(r)));
    Map<String, int[]> paired = new LinkedHashMap<>();
    List<HeldOutEval.Item> sft = results.get("sft");
    results.forEach((model, items) -> {
      if (!model.equals("sft") && sft != null) {
        Map<Long, Double> base = new LinkedHashMap<>();
        sft.forEach(i -> base.put(i.problemId(), i.accuracy()));
        int up = 0;
        int down = 0;
        for (HeldOutEval.Item i : items) {
          double b = base.getOrDefault(i.problemId(), i.accuracy());
          up += i.accuracy() > b ? 1 : 0;
          down += i.accuracy() < b ? 1 : 0;
        }
        paired.put(model, new int[] {up, down});
      }
    });
    return new DemoSummary(acc, accS, byType, tmp, tmpS, counts, reward, paired, timer.seconds(), cfg);
  }

  private static double[] firstLast(TGrpoTrainer.Result r) {
    List<Map<String, Object>> m = r.metrics();
    int n = Math.max(1, m.size() / 10);
    return new double[] {avg(m.subList(0, Math.min(n, m.size()))), avg(m.subList(Math.max(0, m.size() - n),
        m.size()))};
  }

  private static double avg(List<Map<String, Object>> lines) {
    return lines.stream().mapToDouble(l -> l.get("reward") instanceof Number x ? x.doubleValue() : 0).average()
        .orElse(Double.NaN);
  }

  private static double mean(List<HeldOutEval.Item> items, Predicate<HeldOutEval.Item> keep,
      ToDoubleFunction<HeldOutEval.Item> f) {
    return items.stream().filter(keep).mapToDouble(f).average().orElse(Double.NaN);
  }

  /** summary.json. */
  public String toJson() throws Exception {
    ObjectNode n = JSON.createObjectNode();
    n.set("accuracy", JSON.valueToTree(accuracy));
    n.set("accuracy_shuffled", JSON.valueToTree(accuracyShuffled));
    n.set("by_type", JSON.valueToTree(byType));
    ObjectNode t = n.putObject("temporal_questions");
    t.set("accuracy", JSON.valueToTree(temporal));
    t.set("accuracy_shuffled", JSON.valueToTree(temporalShuffled));
    n.set("counts", JSON.valueToTree(counts));
    ObjectNode r = n.putObject("training_reward");
    trainingReward.forEach((k, v) -> {
      ObjectNode x = r.putObject(k);
      x.put("first_tenth", v[0]);
      x.put("last_tenth", v[1]);
    });
    ObjectNode p = n.putObject("paired_vs_sft");
    pairedVsSft.forEach((k, v) -> {
      ObjectNode x = p.putObject(k);
      x.put("better", v[0]);
      x.put("worse", v[1]);
    });
    n.put("report", REPORT);
    n.set("seconds", JSON.valueToTree(seconds));
    n.set("config", JSON.valueToTree(config));
    return JSON.writeValueAsString(n) + "\n";
  }
}
