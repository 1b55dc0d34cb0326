package io.videor1.report;

import io.videor1.report.Section.Figure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The step-time section: each step's wall seconds as a bar stacked by stage, from the metrics' {@code seconds}.
 *
 * <p>Stages that enclose others (configured; {@code step_job} spans rollout to aggregate) and {@code total} are not
 * stacked, so no second is counted twice; what the stacked stages leave of {@code total} is shown as {@code other},
 * so every bar is as tall as its step took. Long runs are shown as means of consecutive steps, at most
 * {@value #MAX_BARS} bars, since thousands of one-pixel bars read as noise.
 */
final class StepTimes {
  static final int MAX_BARS = 100;
  private static final String TOTAL = "total";
  private static final String OTHER = "other";

  private StepTimes() {}

  static Section section(List<RunData> runs, Charts charts, List<String> enclosing) throws IOException {
    List<Map<String, double[]>> stacks = new ArrayList<>();
    List<List<String>> categories = new ArrayList<>();
    double top = 0;
    int group = 1;
    for (RunData r : runs) {
      group = Math.max(group, (int) Math.ceil(r.metrics().size() / (double) MAX_BARS));
    }
    for (RunData r : runs) {
      List<Map<String, Double>> seconds = r.stageSeconds();
      Set<String> stages = new LinkedHashSet<>();
      seconds.forEach(s -> s.keySet().stream().filter(k -> !k.equals(TOTAL) && !enclosing.contains(k))
          .forEach(stages::add));
      List<Integer> steps = r.steps();
      int bars = (seconds.size() + group - 1) / group;
      Map<String, double[]> stack = new LinkedHashMap<>();
      stages.forEach(st -> stack.put(st, new double[bars]));
      stack.put(OTHER, new double[bars]);
      double[] totals = new double[bars];
      List<String> labels = new ArrayList<>();
      for (int b = 0; b < bars; b++) {
        int from = b * group;
        int to = Math.min(seconds.size(), from + group);
        for (int i = from; i < to; i++) {
          Map<String, Double> s = seconds.get(i);
          double stacked = 0;
          for (String st : stages) {
            double v = s.getOrDefault(st, 0.0) / (to - from);
            stack.get(st)[b] += v;
            stacked += v;
          }
          double total = s.getOrDefault(TOTAL, 0.0) / (to - from);
          stack.get(OTHER)[b] += Math.max(0, total - stacked);
          totals[b] += Math.max(total, stacked);
        }
        top = Math.max(top, totals[b]);
        labels.add(String.valueOf(steps.get(from)));
      }
      if (stages.isEmpty()) {
        stack.clear();
      }
      stacks.add(stack);
      categories.add(labels);
    }
    List<Figure> figs = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      String label = runs.get(i).label();
      if (stacks.get(i).isEmpty()) {
        missing.add(label + ": no per-stage seconds in metrics.jsonl");
        continue;
      }
      figs.add(new Figure(label + ": seconds per step by stage", charts.bars(label + ": seconds per step by stage",
          "seconds", categories.get(i), stacks.get(i), Charts.PALETTE, true, top > 0 ? top * 1.05 : Double.NaN)));
    }
    String note = "Wall seconds of each step by stage (metrics.jsonl `seconds`); rollout, reward and gradient are "
        + "the slowest task's, aggregate the rest of the Spark job, other what no stage accounts for."
        + (group > 1 ? " Each bar is the mean of " + group + " consecutive steps, labelled by the first." : "");
    return new Section("step-time", "Step time by stage", note, figs, ReportSections.missingHtml(missing));
  }
}
