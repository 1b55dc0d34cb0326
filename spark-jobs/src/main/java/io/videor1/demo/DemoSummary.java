package io.videor1.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.videor1.exec.FrameProbe;
import io.videor1.score.PairedDifference;
import io.videor1.train.grpo.TGrpoTrainer;
import io.videor1.train.run.StepTimer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The demo's measured results: held-out accuracy of the SFT, T-GRPO and GRPO models overall, by problem type and
 * family, and on the order-dependent ({@code temporal}) questions, each with true, shuffled and blank frames; paired
 * differences with bootstrap intervals; and what answering from the question text alone would score.
 *
 * @param accuracy probe → model → mean accuracy reward over all questions
 * @param temporal probe → model → the same on the order-dependent questions
 * @param byType problem type → model → accuracy (true frames)
 * @param bySource data source (family) → model → accuracy (true frames)
 * @param differences name → paired difference with its 95% interval
 * @param textOnly the text-only baseline
 * @param counts how many questions each figure averages
 * @param trainingReward algorithm → mean training reward over the first and last tenth of its steps
 * @param pairedVsSft model → questions it scores higher than the SFT model on, and lower
 * @param seconds wall seconds by stage
 * @param sft when the SFT cold start ended, and its validation checks
 */
public record DemoSummary(Map<FrameProbe, Map<String, Double>> accuracy,
    Map<FrameProbe, Map<String, Double>> temporal, Map<String, Map<String, Double>> byType,
    Map<String, Map<String, Double>> bySource, Map<String, PairedDifference> differences,
    TextOnlyBaseline.Result textOnly, Map<String, Integer> counts, Map<String, double[]> trainingReward,
    Map<String, int[]> pairedVsSft, Map<String, Double> seconds, SftGate.Result sft, DemoConfig config) {
  /** The plot file the summary names. */
  public static final String REPORT = "report.html";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Predicate<HeldOutEval.Item> TEMPORAL = i -> Boolean.TRUE.equals(i.temporal());

  static DemoSummary of(Map<String, List<HeldOutEval.Item>> results, Map<String, TGrpoTrainer.Result> runs,
      TextOnlyBaseline.Result textOnly, SftGate.Result sft, StepTimer timer, DemoConfig cfg) {
    Map<FrameProbe, Map<String, Double>> acc = new LinkedHashMap<>();
    Map<FrameProbe, Map<String, Double>> tmp = new LinkedHashMap<>();
    Map<String, Map<String, Double>> byType = new TreeMap<>();
    Map<String, Map<String, Double>> bySource = new TreeMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    List<FrameProbe> probes = new java.util.ArrayList<>(List.of(FrameProbe.ORDERED));
    probes.addAll(HeldOutEval.PROBES);
    results.forEach((model, items) -> {
      for (FrameProbe p : probes) {
        acc.computeIfAbsent(p, k -> new LinkedHashMap<>()).put(model, mean(items, i -> true, i -> i.under(p)));
        tmp.computeIfAbsent(p, k -> new LinkedHashMap<>()).put(model, mean(items, TEMPORAL, i -> i.under(p)));
      }
      for (HeldOutEval.Item i : items) {
        byType.computeIfAbsent(i.problemType(), t -> new LinkedHashMap<>());
        bySource.computeIfAbsent(i.dataSource(), t -> new LinkedHashMap<>());
      }
      byType.forEach((t, m) -> m.put(model, mean(items, i -> i.problemType().equals(t), HeldOutEval.Item::ordered)));
      bySource.forEach((t, m) -> m.put(model, mean(items, i -> t.equals(i.dataSource()), HeldOutEval.Item::ordered)));
      counts.put("questions", items.size());
      counts.put("temporal_questions", (int) items.stream().filter(TEMPORAL).count());
      counts.put("video_questions", (int) items.stream().filter(HeldOutEval.Item::video).count());
    });
    Map<String, double[]> reward = new LinkedHashMap<>();
    runs.forEach((algo, r) -> reward.put(algo, firstLast(r)));
    return new DemoSummary(acc, tmp, byType, bySource, differences(results, cfg.seed()), textOnly, counts, reward,
        betterWorse(results), timer.seconds(), sft, cfg);
  }

  /** The paired comparisons the demo's targets are stated in (docs/training.md). */
  static Map<String, PairedDifference> differences(Map<String, List<HeldOutEval.Item>> r, long seed) {
    Map<String, PairedDifference> d = new LinkedHashMap<>();
    put(d, "tgrpo_minus_sft", r.get("tgrpo"), r.get("sft"), i -> true, FrameProbe.ORDERED, FrameProbe.ORDERED, seed);
    put(d, "grpo_minus_sft", r.get("grpo"), r.get("sft"), i -> true, FrameProbe.ORDERED, FrameProbe.ORDERED, seed);
    put(d, "tgrpo_minus_grpo_temporal", r.get("tgrpo"), r.get("grpo"), TEMPORAL, FrameProbe.ORDERED,
        FrameProbe.ORDERED, seed);
    for (String m : r.keySet()) {
      put(d, m + "_ordered_minus_blank", r.get(m), r.get(m), i -> true, FrameProbe.ORDERED, FrameProbe.BLANK, seed);
      put(d, m + "_temporal_ordered_minus_shuffled", r.get(m), r.get(m), TEMPORAL, FrameProbe.ORDERED,
          FrameProbe.SHUFFLED, seed);
    }
    return d;
  }

  private static void put(Map<String, PairedDifference> d, String name, List<HeldOutEval.Item> a,
      List<HeldOutEval.Item> b, Predicate<HeldOutEval.Item> keep, FrameProbe pa, FrameProbe pb, long seed) {
    if (a == null || b == null) {
      return;
    }
    Map<Long, HeldOutEval.Item> byId = new LinkedHashMap<>();
    b.forEach(i -> byId.put(i.problemId(), i));
    List<HeldOutEval.Item> kept = a.stream().filter(keep).filter(i -> byId.containsKey(i.problemId())).toList();
    double[] x = kept.stream().mapToDouble(i -> i.under(pa)).toArray();
    double[] y = kept.stream().mapToDouble(i -> byId.get(i.problemId()).under(pb)).toArray();
    d.put(name, PairedDifference.of(x, y, seed));
  }

  private static Map<String, int[]> betterWorse(Map<String, List<HeldOutEval.Item>> results) {
    Map<String, int[]> paired = new LinkedHashMap<>();
    List<HeldOutEval.Item> sft = results.get("sft");
    results.forEach((model, items) -> {
      if (!model.equals("sft") && sft != null) {
        Map<Long, Double> base = new LinkedHashMap<>();
        sft.forEach(i -> base.put(i.problemId(), i.ordered()));
        int up = 0;
        int down = 0;
        for (HeldOutEval.Item i : items) {
          double b = base.getOrDefault(i.problemId(), i.ordered());
          up += i.ordered() > b ? 1 : 0;
          down += i.ordered() < b ? 1 : 0;
        }
        paired.put(model, new int[] {up, down});
      }
    });
    return paired;
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
    n.set("accuracy", JSON.valueToTree(accuracy.get(FrameProbe.ORDERED)));
    for (FrameProbe p : HeldOutEval.PROBES) {
      n.set("accuracy_" + p.key(), JSON.valueToTree(accuracy.get(p)));
    }
    n.set("by_type", JSON.valueToTree(byType));
    n.set("by_source", JSON.valueToTree(bySource));
    ObjectNode t = n.putObject("temporal_questions");
    t.set("accuracy", JSON.valueToTree(temporal.get(FrameProbe.ORDERED)));
    for (FrameProbe p : HeldOutEval.PROBES) {
      t.set("accuracy_" + p.key(), JSON.valueToTree(temporal.get(p)));
    }
    ObjectNode d = n.putObject("paired_differences");
    differences.forEach((k, v) -> {
      ObjectNode x = d.putObject(k);
      x.put("mean", v.mean());
      x.put("lo", v.lo());
      x.put("hi", v.hi());
      x.put("n", v.n());
    });
    ObjectNode b = n.putObject("text_only_baseline");
    b.put("accuracy", textOnly.accuracy());
    b.put("test_texts_seen_in_training", textOnly.seen());
    b.put("distinct_training_texts", textOnly.distinctTexts());
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
    ObjectNode g = n.putObject("sft");
    g.put("steps", sft.stoppedAt());
    g.put("target_accuracy", sft.target());
    g.put("reached", sft.reached());
    g.put("validation_records", sft.validation());
    g.set("checks", JSON.valueToTree(sft.checks()));
    n.put("report", REPORT);
    n.set("seconds", JSON.valueToTree(seconds));
    n.set("config", JSON.valueToTree(config));
    return JSON.writeValueAsString(n) + "\n";
  }
}
