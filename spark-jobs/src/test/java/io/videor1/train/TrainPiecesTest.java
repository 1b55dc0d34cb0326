package io.videor1.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.model.io.SafetensorsReader;
import io.videor1.optim.AdamW;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small pure pieces of the trainers. */
class TrainPiecesTest {
  @Test
  void frameShuffleIsASeededPermutation() {
    int[] p = FrameShuffle.permutation(42, 3, 1000007, 16);
    int[] sorted = p.clone();
    Arrays.sort(sorted);
    assertArrayEquals(java.util.stream.IntStream.range(0, 16).toArray(), sorted);
    assertArrayEquals(p, FrameShuffle.permutation(42, 3, 1000007, 16));
    assertFalse(Arrays.equals(p, FrameShuffle.permutation(42, 4, 1000007, 16)), "another step, another order");
    byte[][] frames = {{0}, {1}, {2}};
    byte[][] s = FrameShuffle.apply(frames, new int[] {2, 0, 1});
    assertEquals(2, s[0][0]);
    assertEquals(1, s[2][0]);
  }

  @Test
  void weightsTravelAsFloat32SafetensorsPartsExactly() {
    Map<String, float[]> w = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      float[] v = new float[300];
      for (int j = 0; j < v.length; j++) {
        v[j] = (float) Math.sin(i * 1000 + j) * 1e-3f;
      }
      w.put("t" + i, v);
      shapes.put("t" + i, new long[] {20, 15});
    }
    List<byte[]> parts = WeightBroadcaster.encode(w, shapes, 2500);
    assertEquals(3, parts.size(), "two 1200-byte tensors fit a 2500-byte part");
    Map<String, float[]> back = new LinkedHashMap<>();
    for (byte[] part : parts) {
      SafetensorsReader.readAll(part).forEach((n, t) -> back.put(n, t.toFloats()));
    }
    w.forEach((n, v) -> assertArrayEquals(v, back.get(n), n));
  }

  @Test
  void gradientChunksAddInPartitionOrderWhateverTheArrivalOrder() {
    float[] a = {1e8f, 1f};
    float[] b = {-1e8f, 1f};
    float[] c = {1f, 1f};
    TaskPayload x = GradientAggregator.sumInOrder(List.of(new TaskPayload(2, c, null), new TaskPayload(0, a, null),
        new TaskPayload(1, b, null)));
    TaskPayload y = GradientAggregator.sumInOrder(List.of(new TaskPayload(1, b, null), new TaskPayload(0, a, null),
        new TaskPayload(2, c, null)));
    assertArrayEquals(x.values(), y.values());
    assertEquals(1f, x.values()[0], "(1e8 - 1e8) + 1, in partition order");
    assertEquals(1e8f, a[0], "inputs are not modified");
  }

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
  void damagedFramesAreRefusedWithTheRecordNamed() throws Exception {
    PromptMeta m = new PromptMeta(0, "rk-7", "file:/f.parquet", 7, "Q?", "numerical", List.of(), "<answer>1</answer>",
        "video", "synth/x", null, null, 2, 3);
    byte[][] good = {new byte[18], new byte[18]};
    assertEquals(good, FramesCache.checked(m, good));
    java.io.IOException none = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
        () -> FramesCache.checked(m, new byte[0][]));
    assertEquals("record rk-7 (problem 7) in file:/f.parquet: its frames decode to nothing (0 frames stored)",
        none.getMessage());
    java.io.IOException cut = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
        () -> FramesCache.checked(m, new byte[][] {new byte[18], new byte[5]}));
    assertTrue(cut.getMessage().endsWith("frame 1 holds 5 bytes, not 2x3x3 = 18"), cut.getMessage());
  }
}
