package io.videor1.train.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.optim.AdamW;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The driver's update and the run record's comparison. */
class RunPiecesTest {
  @Test
  void updateAveragesClipsAndSkipsNonFiniteGradients() {
    Map<String, float[]> w = new LinkedHashMap<>(Map.of("p", new float[] {1f, 2f}));
    TrainableState s = new TrainableState(w, Map.of("p", new long[] {2}), Map.of("p", new AdamW.State(2)), 0);
    TrainableState.Update u = s.update(new LinkedHashMap<>(Map.of("p", new float[] {30f, 40f})), 2, 0.1, 5.0,
        AdamW.Config.videoR1());
    assertEquals(25.0, u.gradNorm(), 1e-9, "the norm of the mean gradient (15, 20)");
    assertTrue(u.clipped());
    assertEquals(1, s.optimizerSteps());
    assertNotEquals(1f, s.weights().get("p")[0]);
    float[] before = s.weights().get("p").clone();
    TrainableState.Update bad = s.update(new LinkedHashMap<>(Map.of("p", new float[] {Float.NaN, 1f})), 1, 0.1, 5.0,
        AdamW.Config.videoR1());
    assertTrue(bad.skipped());
    assertArrayEquals(before, s.weights().get("p"));
    assertEquals(1, s.optimizerSteps());
  }

  @Test
  void manifestsDifferOnlyWhereTheConfigurationDoes() throws Exception {
    var a = RunManifest.parse("{\"config\":{\"run\":{\"out\":\"x\",\"resume\":false,\"stopAfter\":3,\"steps\":4},"
        + "\"numGenerations\":8}}");
    var b = RunManifest.parse("{\"config\":{\"run\":{\"out\":\"x\",\"resume\":true,\"stopAfter\":0,\"steps\":4},"
        + "\"numGenerations\":8}}");
    var c = RunManifest.parse("{\"config\":{\"run\":{\"out\":\"x\",\"resume\":true,\"stopAfter\":0,\"steps\":5},"
        + "\"numGenerations\":6}}");
    assertEquals(List.of(), RunManifest.differences(a, b));
    var longs = RunManifest.parse("{\"config\":{\"seed\":42}}");
    var ints = (com.fasterxml.jackson.databind.node.ObjectNode) RunManifest.parse("{\"config\":{}}");
    ((com.fasterxml.jackson.databind.node.ObjectNode) ints.get("config")).put("seed", 42L);
    assertEquals(List.of(), RunManifest.differences(longs, ints), "42 as int and as long are the same value");
    assertEquals(List.of("numGenerations (8 -> 6)", "run.steps (4 -> 5)"), RunManifest.differences(a, c));
  }

  @Test
  void aRunWrittenBeforeKeysWereAddedResumesUnderTheirNeutralValues() throws Exception {
    // run.json as versions before compute_dtype, loss scaling, batched rollouts and the log-prob options wrote it
    var before = RunManifest.parse("{\"config\":{\"spec\":{\"lora\":null},\"optim\":{\"lr\":1e-6},"
        + "\"run\":{\"steps\":4}}}");
    String now = "{\"config\":{\"spec\":{\"lora\":null,\"computeDtype\":\"%s\"},\"optim\":{\"lr\":1e-6,"
        + "\"lossScaling\":{\"initScale\":65536.0,\"growthInterval\":2000}},\"run\":{\"steps\":4,"
        + "\"requireGpu\":true},\"rolloutPromptsPerBatch\":%d,\"logprobBuckets\":false,"
        + "\"logprobPass\":{\"microBatch\":%d,\"recompute\":false}}}";
    assertEquals(List.of(), RunManifest.differences(before, RunManifest.parse(String.format(now, "FLOAT32", 1, 0))));
    assertEquals(List.of("spec.computeDtype"), differencesNames(before, String.format(now, "FLOAT16", 1, 0)));
    assertEquals(List.of("logprobPass", "rolloutPromptsPerBatch"),
        differencesNames(before, String.format(now, "FLOAT32", 4, 2)));
  }

  private static List<String> differencesNames(com.fasterxml.jackson.databind.JsonNode stored, String current)
      throws Exception {
    return RunManifest.differences(stored, RunManifest.parse(current)).stream().map(d -> d.split(" ")[0]).toList();
  }
}
