package io.videor1.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench memory} on random:tiny under LoRA: every part measured and predicted, the law checked, 3B and 7B
 * predicted. The tiny model's parts are a few MB, so only the shape of the report is held here, not its accuracy
 * (docs/sizing.md has the figures of mid and 7b-slice).
 */
class MemoryBenchmarkTest {
  @TempDir Path tmp;

  @Test
  @SuppressWarnings("unchecked")
  void tinyRunReportsEveryPartAndThePredictions() throws Exception {
    assumeTrue(Files.isWritable(Path.of("/proc/self/clear_refs")), "skipped: bench memory needs Linux's /proc");
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    Map<String, Object> figures = MemoryBenchmark.run(new MemoryBenchmark.Options("random:tiny", 32, 1,
        List.of("train.lora=true", "train.lora_r=4", "train.lora_alpha=8", "train.num_generations=4",
            "train.max_new_tokens=8", "train.logprob_micro_batch=1", "train.recompute=true"), tmp),
        new PrintStream(text, true, StandardCharsets.UTF_8));
    String out = text.toString(StandardCharsets.UTF_8);
    Map<String, Object> measured = (Map<String, Object>) figures.get("measured");
    for (String part : List.of("driver.state", "driver.model", "executor.weights", "executor.reference",
        "executor.gradients", "executor.policy_pass", "executor.reference_pass", "executor.rollout")) {
      assertTrue(measured.containsKey(part), part + "\n" + out);
    }
    assertEquals(0L, ((Number) measured.get("executor.reference")).longValue(), "LoRA: no second copy");
    Map<String, Object> predicted = (Map<String, Object>) figures.get("predicted");
    assertEquals(0L, ((Number) predicted.get("driver.model")).longValue(), "a LoRA driver holds no base");
    List<Map<String, Object>> checks = (List<Map<String, Object>>) figures.get("checks");
    assertEquals(2, checks.size(), "the doubled plain pass and the configured one: " + out);
    checks.forEach(c -> assertTrue(Double.isFinite((double) c.get("error")), c.toString()));
    Map<String, Object> peak = (Map<String, Object>) figures.get("process_peak");
    // tiny's parts are below the JVM's own noise, so only that both figures are there is held
    assertTrue(((Number) peak.get("measured")).longValue() > 0 && ((Number) peak.get("start")).longValue() > 0, out);
    assertTrue(Double.isFinite((double) peak.get("error")), peak.toString());
    List<Map<String, Object>> r1 = (List<Map<String, Object>>) figures.get("video_r1");
    assertEquals(4, r1.size(), "3B and 7B, plain and micro-batch 1 with recomputation");
    assertTrue(out.contains("Video-R1's shapes"), out);
  }
}
