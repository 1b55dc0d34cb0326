package io.videor1.train.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.videor1.model.io.SafetensorsReader;
import io.videor1.model.params.ParamCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** Weights and gradients between the driver and the tasks. */
class TransportTest {
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
  void aTensorLargerThanAPartTravelsAsPiecesOfRowsIntoItsParameter() {
    Map<String, float[]> w = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    float[] big = new float[23 * 10]; // 920 bytes: 2 rows of 40 bytes per 100-byte part
    for (int j = 0; j < big.length; j++) {
      big[j] = j * 0.5f - 3;
    }
    w.put("small", new float[] {7, 8});
    shapes.put("small", new long[] {2});
    w.put("lm_head.weight", big);
    shapes.put("lm_head.weight", new long[] {23, 10});
    List<byte[]> parts = WeightBroadcaster.encode(w, shapes, 100);
    assertEquals(12, parts.size(), "11 pieces of 2 rows and one of 1, the first beside the small tensor");
    try (NDManager m = NDManager.newBaseManager()) {
      Map<String, Parameter> params = new LinkedHashMap<>();
      shapes.forEach((n, s) -> {
        Parameter p = Parameter.builder().setName(n).setType(Parameter.Type.WEIGHT).build();
        p.setArray(m.zeros(new Shape(s)));
        params.put(n, p);
      });
      for (byte[] part : parts) {
        ParamCodec.fromBytes(params, part);
      }
      assertArrayEquals(big, params.get("lm_head.weight").getArray().toFloatArray());
      assertArrayEquals(new float[] {7, 8}, params.get("small").getArray().toFloatArray());
    }
  }

  @Test
  void gradientChunksAddInPartitionOrderWhateverTheArrivalOrder() {
    float[] a = {1e8f, 1f};
    float[] b = {-1e8f, 1f};
    float[] c = {1f, 1f};
    TaskPayload x = GradientAggregator.sumInOrder(List.of(new TaskPayload.Chunk(2, c), new TaskPayload.Chunk(0, a),
        new TaskPayload.Chunk(1, b)));
    TaskPayload y = GradientAggregator.sumInOrder(List.of(new TaskPayload.Chunk(1, b), new TaskPayload.Chunk(0, a),
        new TaskPayload.Chunk(2, c)));
    float[] xs = ((TaskPayload.Chunk) x).values();
    assertArrayEquals(xs, ((TaskPayload.Chunk) y).values());
    assertEquals(1f, xs[0], "(1e8 - 1e8) + 1, in partition order");
    assertEquals(1e8f, a[0], "inputs are not modified");
  }

  @Test
  void collectedRecordsGiveWholeTensorsAndSummariesInPartitionOrder() {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    sizes.put("w", 5);
    sizes.put("b", 2);
    List<Tuple2<StepKey, TaskPayload>> records = new ArrayList<>();
    for (int p : new int[] {2, 0, 1}) { // tasks finish in any order
      Map<String, float[]> g = new LinkedHashMap<>();
      g.put("w", new float[] {p, p, p, p, p + 1});
      g.put("b", new float[] {10 * p, 1});
      GradientAggregator.emit(p, g, "task " + p, 2, null).forEachRemaining(records::add);
    }
    GradientAggregator.Result r = GradientAggregator.collected(records, sizes, 2);
    assertEquals(List.of("task 0", "task 1", "task 2"), r.summaries());
    assertArrayEquals(new float[] {3, 3, 3, 3, 6}, r.sums().get("w"));
    assertArrayEquals(new float[] {30, 3}, r.sums().get("b"));
    assertEquals(List.of("w", "b"), List.copyOf(r.sums().keySet()), "in the driver's order");
  }

  @Test
  void aRecordOfTheWrongKindIsRefusedWithTheTaskNamed() {
    List<Tuple2<StepKey, TaskPayload>> records = List.of(
        new Tuple2<>(new StepKey.OfTask(3), new TaskPayload.Handoff(3, "job/3/0")));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> GradientAggregator.collected(records, Map.of("w", 1), 1));
    assertEquals("task 3 sent Handoff under OfTask[partition=3] to a step that sends gradients as task results",
        e.getMessage());
    IllegalStateException twice = assertThrows(IllegalStateException.class, () -> GradientAggregator.collected(
        List.of(new Tuple2<>(new StepKey.OfTask(2), new TaskPayload.Summary(2, "a")),
            new Tuple2<>(new StepKey.OfTask(2), new TaskPayload.Summary(2, "b"))), Map.of("w", 1), 1));
    assertEquals("2 records share the key of task 2", twice.getMessage());
    IllegalStateException chunks = assertThrows(IllegalStateException.class,
        () -> GradientAggregator.handedOff(List.of(new Tuple2<>(new ShardKey("w", 0),
            new TaskPayload.Chunk(1, new float[1]))), Map.of("w", 1)));
    assertEquals("task 1 sent gradient chunks to a step that hands gradients off", chunks.getMessage());
  }
}
