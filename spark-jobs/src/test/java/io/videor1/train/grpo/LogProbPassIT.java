package io.videor1.train.grpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.testing.SparkTestSession;
import io.videor1.testing.TinyTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train.logprob_micro_batch} and {@code train.recompute} reach the executors and leave a T-GRPO run's records as
 * the plain pass makes them: the same rollouts and rewards, and losses, KLs and gradient norms equal up to rounding.
 *
 * <p>What this test can and cannot show: the tiny fixture's SFT model answers nothing right, so every group's rewards
 * agree, the advantages are 0 and the only gradient is the k3 KL's, which after step 1 (policy = reference, gradient
 * exactly 0) comes from weight decay's shrinkage alone and sits at the rounding level of the log-probs. AdamW then
 * turns that rounding noise into lr-sized updates, so from step 3 on the two runs part by more than rounding and only
 * two steps are compared. Equal gradients with real advantages and a distant reference are {@code GroupPassTest}'s.
 */
class LogProbPassIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * The k3 KL is exp(x) - x - 1 in float32 with x = ref - logp near 0: each token's value is a difference of terms
   * near 1 (float32's ulp there is 1.2e-7), so it carries an absolute rounding error of about 1e-7 whatever its size.
   */
  private static final double KL_ROUNDING = 1e-6;
  /**
   * Step 2's gradient norm (about 1e-7) is the KL gradient of log-probs that differ by a few ulps (5e-7 near -5); the
   * two runs' norms agree to about 1%, so an absolute 1e-8 on top of the relative 1e-5.
   */
  private static final double GRAD_NORM_ROUNDING = 1e-8;

  @Test
  void microBatchesAndRecomputationKeepTheRunsRecords(@TempDir Path dir) throws Exception {
    String plain = dir.resolve("plain").toString();
    String bounded = dir.resolve("bounded").toString();
    TGrpoTrainer.train(SparkTestSession.get(), TinyTraining.train(plain, "train.steps=2"), System.err);
    TGrpoTrainer.train(SparkTestSession.get(), TinyTraining.train(bounded, "train.steps=2",
        "train.logprob_micro_batch=1", "train.recompute=true"), System.err);
    List<String> a = Files.readAllLines(Path.of(plain, "metrics.jsonl"));
    List<String> b = Files.readAllLines(Path.of(bounded, "metrics.jsonl"));
    assertEquals(2, b.size());
    for (int i = 0; i < a.size(); i++) {
      JsonNode x = JSON.readTree(a.get(i));
      JsonNode y = JSON.readTree(b.get(i));
      assertEquals(x.get("reward").asDouble(), y.get("reward").asDouble(), "the same rollouts");
      for (String k : List.of("loss", "kl", "grad_norm")) {
        double u = x.get(k).asDouble();
        double v = y.get(k).asDouble();
        System.err.printf(Locale.ROOT, "step %d %s: plain %.9g, bounded %.9g%n", i + 1, k, u, v);
        double floor = k.equals("kl") ? KL_ROUNDING : k.equals("grad_norm") ? GRAD_NORM_ROUNDING : 1e-8;
        assertEquals(u, v, 1e-5 * Math.abs(u) + floor, "step " + (i + 1) + " " + k);
      }
    }
    assertEquals(0.0, JSON.readTree(a.get(0)).get("grad_norm").asDouble(), "step 1: the policy is the reference");
    assertEquals(0.0, JSON.readTree(b.get(0)).get("grad_norm").asDouble(), "step 1: the policy is the reference");
    assertTrue(JSON.readTree(b.get(1)).get("grad_norm").asDouble() > 0, "step 2 ran a backward with a gradient");
  }
}
