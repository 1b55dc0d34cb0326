package io.videor1.train.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.model.io.SafeTensor;
import io.videor1.model.io.SafetensorsReader;
import io.videor1.testing.SparkTestSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.Test;

/**
 * Local mode's by-reference paths on real Spark: gradients handed to the driver and weights published as a slot give
 * exactly what the serialized paths a cluster takes give, and leave nothing behind.
 */
class LocalHandoffIT {
  @Test
  void handoffInTheDriverJvmGivesTheBitsOfTheSerializedPath() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    Map<String, Integer> sizes = new LinkedHashMap<>();
    GradientShardsIT.grads(0).forEach((k, v) -> sizes.put(k, v.length));
    List<Integer> ids = List.of(0, 1, 2, 3);
    String job = GradientHandoff.newJob();
    GradientAggregator.Result byRef = GradientAggregator.reduce(jsc.parallelize(ids, 4).mapPartitionsWithIndex(
        (p, it) -> GradientAggregator.emit(p, GradientShardsIT.grads(it.next()), "summary " + p, 1_000, job), false), sizes, 1_000, 2, job);
    GradientAggregator.Result serial = GradientAggregator.reduce(jsc.parallelize(ids, 4).mapPartitionsWithIndex(
        (p, it) -> GradientAggregator.emit(p, GradientShardsIT.grads(it.next()), "summary " + p, 1_000, null), false), sizes, 1_000, 2, null);
    assertEquals(List.of("summary 0", "summary 1", "summary 2", "summary 3"), byRef.summaries());
    assertEquals(serial.summaries(), byRef.summaries());
    sizes.keySet().forEach(k -> assertArrayEquals(serial.sums().get(k), byRef.sums().get(k), k));
    assertEquals(List.copyOf(sizes.keySet()), List.copyOf(byRef.sums().keySet()));
    assertEquals(0, GradientHandoff.held());
    // A slot the driver cannot find (a task that ran in another JVM) is an error that says what to change.
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> GradientHandoff.take(job + "/9/0"));
    assertTrue(e.getMessage().contains("local_handoff=false"), e.getMessage());
  }

  @Test
  void weightsPublishedByReferenceReachTasksAsTheSameValuesAndSerializeSmall() throws Exception {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    Map<String, float[]> w = new LinkedHashMap<>(GradientShardsIT.grads(7));
    Map<String, long[]> shapes = new LinkedHashMap<>();
    w.forEach((k, v) -> shapes.put(k, new long[] {v.length}));
    int before = WeightBroadcaster.heldByReference();
    try (WeightBroadcaster byRef = new WeightBroadcaster(jsc, 1L << 30, true);
        WeightBroadcaster serial = new WeightBroadcaster(jsc, 1L << 30, false)) {
      Broadcast<WeightBroadcaster.Snapshot> a = byRef.publish(3, w, shapes);
      Broadcast<WeightBroadcaster.Snapshot> b = serial.publish(3, w, shapes);
      // What tasks read: the same bytes either way.
      List<Long> sums = jsc.parallelize(List.of(0, 1), 2).map(i -> checksum(a.value()) - checksum(b.value()))
          .collect();
      assertEquals(List.of(0L, 0L), sums);
      byte[] ref = serialize(a.value());
      assertTrue(ref.length < 1_000, "a slot's name, not 40 kB of weights: " + ref.length);
      assertTrue(serialize(b.value()).length > 40_000);
      assertSame(a.value(), deserialize(ref), "resolves to the published snapshot in this JVM");
      assertEquals(before + 1, WeightBroadcaster.heldByReference());
      byRef.publish(4, w, shapes);
      assertEquals(before + 1, WeightBroadcaster.heldByReference(), "the previous version's slot is dropped");
      IOException gone = assertThrows(IOException.class, () -> deserialize(ref));
      assertTrue(gone.getMessage().contains("local mode"), gone.getMessage());
      // The view reads the driver's arrays until its next update begins; after that a late reader fails.
      WeightBroadcaster.Snapshot live = byRef.publish(5, w, shapes).value();
      assertEquals(0, live.parts().size(), "no copy of the weights is made in local mode");
      assertEquals(checksum(b.value()), checksum(live), "the same values as the serialized parts");
      assertEquals(b.value().bytes(), live.bytes(), "broadcast_bytes counts the parts it stands for");
      byRef.retire();
      IllegalStateException late = assertThrows(IllegalStateException.class, () -> live.copyInto(Map.of()));
      assertTrue(late.getMessage().contains("version 5"), late.getMessage());
    }
    assertEquals(before, WeightBroadcaster.heldByReference());
  }

  /** A hash of every tensor's name and values, from the parts or from the view. */
  private static long checksum(WeightBroadcaster.Snapshot s) {
    Map<String, SafeTensor> tensors = new LinkedHashMap<>();
    if (s.view() != null) {
      tensors.putAll(s.view().tensors(s.version()));
    } else {
      s.parts().forEach(p -> tensors.putAll(SafetensorsReader.readAll(p)));
    }
    long h = 0;
    for (Map.Entry<String, SafeTensor> e : tensors.entrySet()) {
      h = 31 * h + e.getKey().hashCode();
      h = 31 * h + java.util.Arrays.hashCode(e.getValue().toFloats());
    }
    return h;
  }

  private static byte[] serialize(Object o) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.toByteArray();
  }

  private static Object deserialize(byte[] b) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
      return in.readObject();
    }
  }
}
