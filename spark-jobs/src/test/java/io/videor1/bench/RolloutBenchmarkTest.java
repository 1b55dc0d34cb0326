package io.videor1.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code bench rollout} on the tiny preset: every figure present, old and new paths drawing the same tokens. */
class RolloutBenchmarkTest {
  @Test
  void tinyRunReportsTheIssuesFieldsAndIdenticalDraws() throws Exception {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    Map<String, Object> figures = RolloutBenchmark.run(new RolloutBenchmark.Options("tiny", 1024, 2, 3, 1, 1,
        List.of("train.num_generations=4")), new PrintStream(text, true, StandardCharsets.UTF_8));
    JsonObject json = JsonParser.parseString(RolloutBenchmark.json(figures)).getAsJsonObject();
    assertEquals(1024, json.get("vocab").getAsInt());
    assertEquals("tiny", json.get("preset").getAsString());
    assertTrue(json.get("cpu").getAsString().length() > 0);
    for (String k : List.of("old", "new")) {
      assertTrue(json.getAsJsonObject("sampler_ms_per_row_token").get(k).getAsDouble() > 0, k);
    }
    for (String k : List.of("old", "new", "greedy", "batched")) {
      assertTrue(json.getAsJsonObject("rollout_tokens_per_s").get(k).getAsDouble() > 0, k);
    }
    assertTrue(json.get("sampler_draws_identical").getAsBoolean());
    assertTrue(json.get("rollout_tokens_identical").getAsBoolean(), text.toString(StandardCharsets.UTF_8));
    assertEquals(4, json.getAsJsonObject("rollout_shape").get("ordered").getAsInt());
    assertEquals(2, json.getAsJsonObject("rollout_shape").get("shuffled").getAsInt(), "G/2 shuffled, from train.conf");
    assertTrue(json.get("decode_peak_share").getAsDouble() > 0, "the batched decode's share of the matmul peak");
    assertTrue(json.get("batched_padding_factor").getAsDouble() >= 1);
    for (String k : List.of("padded", "packed")) {
      assertTrue(json.getAsJsonObject("logprob_tokens_per_s").get(k).getAsDouble() > 0, k);
    }
    assertTrue(json.get("logprob_max_abs_diff").getAsDouble() < 1e-4, "the same log-probs within fp32 rounding");
    assertTrue(text.toString(StandardCharsets.UTF_8).contains("new/old"));
  }
}
