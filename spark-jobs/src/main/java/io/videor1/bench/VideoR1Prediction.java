package io.videor1.bench;

import io.videor1.model.config.ModelPresets;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.train.grpo.TGrpoConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link MemoryModel}'s parts for Qwen2.5-VL-3B and 7B at Video-R1's shapes ({@link MemoryBenchmark#VIDEO_R1}), with
 * the run's dtype, LoRA or frozen modules and β, for the plain pass and for micro-batches of 1 with recomputation.
 * The activation law comes from the measured model: carried over exactly when its widths are the target's (7b-slice
 * for 7B, 3b-slice for 3B), else scaled ({@link MemoryModel#scaled}), which the table says.
 */
final class VideoR1Prediction {
  private VideoR1Prediction() {}

  /** Prints the predictions and returns them by target and pass. */
  static List<Map<String, Object>> print(PrintStream out, TGrpoConfig cfg, Qwen25VlConfig measured, int b,
      MemoryModel.Coefficients k) {
    MemoryModel.Shape s = MemoryBenchmark.VIDEO_R1;
    out.printf(Locale.ROOT, "Video-R1's shapes: prompt %d tokens (16 frames at 128x28x28 px), %d completions x %d "
        + "tokens; executor = weights + reference + gradients + the policy pass's activations (vision tower not "
        + "included); driver = its state (16 B per trainable parameter)%n", s.promptTokens(), s.rows(),
        s.length());
    out.printf(Locale.ROOT, "%-4s %-22s %10s %10s %10s %12s %12s %10s  %s%n", "", "pass", "weights", "reference",
        "gradients", "activations", "executor", "driver", "law");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String target : List.of("3b", "7b")) {
      Qwen25VlConfig t = ModelPresets.byName(target);
      boolean exact = MemoryModel.sameWidths(measured.text(), t.text());
      MemoryModel.Coefficients kt = exact ? k : MemoryModel.scaled(k, measured.text(), t.text());
      Map<String, Long> parts = MemoryModel.parameterParts(MemoryBenchmark.setup(cfg, t, b));
      for (MemoryModel.Shape pass : List.of(s, new MemoryModel.Shape(s.promptTokens(), s.rows(), s.length(), 1,
          true))) {
        double act = MemoryModel.activations(t.text(), b, pass, kt);
        double executor = parts.get("executor.weights") + parts.get("executor.reference")
            + parts.get("executor.gradients") + act;
        double driver = parts.get("driver.state") + parts.get("driver.model");
        String name = pass.plain() ? "plain" : "micro-batch 1, recompute";
        String law = exact ? "measured at these widths" : "scaled from the measured model's widths";
        out.printf(Locale.ROOT, "%-4s %-22s %10s %10s %10s %12s %12s %10s  %s%n", target, name,
            gb(parts.get("executor.weights")), gb(parts.get("executor.reference")),
            gb(parts.get("executor.gradients")), gb(act), gb(executor), gb(driver), law);
        Map<String, Object> row = new LinkedHashMap<>(parts);
        row.put("model", target);
        row.put("pass", name);
        row.put("executor.activations", act);
        row.put("executor.total", executor);
        row.put("driver.total", driver);
        row.put("law_measured_at_these_widths", exact);
        rows.add(row);
      }
    }
    return rows;
  }

  private static String gb(double bytes) {
    return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
  }
}
