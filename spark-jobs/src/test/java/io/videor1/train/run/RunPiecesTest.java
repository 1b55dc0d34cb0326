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
  void outputOnlySettingsMayChangeOnResumeButNotTheEngineThreads() throws Exception {
    String m = "{\"config\":{\"optim\":{\"lr\":1e-6,\"threads\":%d},\"run\":{\"threads\":%d}}}";
    var stored = RunManifest.parse(String.format(m, 1, 1));
    assertEquals(List.of(), RunManifest.differences(stored, RunManifest.parse(String.format(m, 4, 1))),
        "optim.threads: every count gives the same bits");
    assertEquals(List.of("run.threads"), differencesNames(stored, String.format(m, 1, 2)), "exec.threads does not");
    assertEquals(List.of(), RunManifest.differences(RunManifest.parse("{\"config\":{\"checkpointDtype\":\"F32\"}}"),
        RunManifest.parse("{\"config\":{\"checkpointDtype\":null}}")), "model/'s dtype: output only");
    var before = RunManifest.parse("{\"config\":{\"optim\":{\"lr\":1e-6}}}");
    assertEquals(List.of(), RunManifest.differences(before,
        RunManifest.parse("{\"config\":{\"optim\":{\"lr\":1e-6,\"threads\":0}}}")),
        "a run written before optim.threads resumes");
  }

  @Test
  void updatesOnThreadsEqualTheSingleThreadedUpdate() {
    float[][] results = new float[3][];
    for (int threads = 1; threads <= 3; threads++) {
      Map<String, float[]> w = new LinkedHashMap<>();
      Map<String, AdamW.State> m = new LinkedHashMap<>();
      java.util.Random r = new java.util.Random(5);
      for (String n : List.of("a", "b")) {
        float[] v = new float[n.equals("a") ? 3 * io.videor1.optim.OptimThreads.CHUNK + 5 : 11];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) r.nextGaussian();
        }
        w.put(n, v);
        m.put(n, new AdamW.State(v.length));
      }
      TrainableState s = new TrainableState(w, Map.of(), m, 0, io.videor1.optim.LossScaler.start(
          io.videor1.optim.LossScaler.Config.pytorch()));
      try (var t = new io.videor1.optim.OptimThreads(threads)) {
        for (int step = 0; step < 2; step++) {
          Map<String, float[]> g = new LinkedHashMap<>();
          w.forEach((n, v) -> {
            float[] x = new float[v.length];
            for (int i = 0; i < x.length; i++) {
              x[i] = (float) r.nextGaussian() * 65536f;
            }
            g.put(n, x);
          });
          s.update(g, 3, 1e-3, 0.5, AdamW.Config.videoR1(), t);
        }
      }
      float[] all = new float[w.get("a").length + w.get("b").length + m.get("a").v.length];
      System.arraycopy(w.get("a"), 0, all, 0, w.get("a").length);
      System.arraycopy(w.get("b"), 0, all, w.get("a").length, w.get("b").length);
      System.arraycopy(m.get("a").v, 0, all, w.get("a").length + w.get("b").length, m.get("a").v.length);
      results[threads - 1] = all;
    }
    assertArrayEquals(results[0], results[1], "2 threads");
    assertArrayEquals(results[0], results[2], "3 threads");
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

  @Test
  void aRunWrittenBeforeTheContrastSettingsResumesAtTheirOldValuesOnly() throws Exception {
    var before = RunManifest.parse("{\"config\":{\"rl\":{\"temporalMode\":{\"mode\":\"CONTRAST_KL\","
        + "\"contrastGamma\":0.05}}}}");
    String now = "{\"config\":{\"rl\":{\"temporalMode\":{\"mode\":\"CONTRAST_KL\",\"contrastGamma\":0.05,"
        + "\"contrastEstimator\":\"%s\",\"contrastTokens\":\"%s\"}}}}";
    assertEquals(List.of(), RunManifest.differences(before, RunManifest.parse(String.format(now, "k3", "all"))),
        "k3 over every token is what the run computed");
    assertEquals(List.of("rl.temporalMode.contrastEstimator", "rl.temporalMode.contrastTokens"),
        differencesNames(before, String.format(now, "k1", "answer")));
  }

  private static List<String> differencesNames(com.fasterxml.jackson.databind.JsonNode stored, String current)
      throws Exception {
    return RunManifest.differences(stored, RunManifest.parse(current)).stream().map(d -> d.split(" ")[0]).toList();
  }
}
