package io.videor1.train;

import io.videor1.model.io.SafeDType;
import io.videor1.model.io.SafeTensor;
import io.videor1.model.io.SafetensorsWriter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Publishes the trainable weights to executors as one versioned broadcast per step, destroying the previous one.
 *
 * <p>The payload is in-memory safetensors files (float32, so executors hold the driver's values bit for bit), split
 * into parts of at most {@code maxPartBytes}: a Java array cannot exceed 2 GiB, and a 7B model's weights are 33 GB
 * in fp32. Under LoRA only the adapters travel (megabytes instead of gigabytes).
 */
public final class WeightBroadcaster implements AutoCloseable {
  /** The weights of one version as executors receive them. */
  public record Snapshot(long version, List<byte[]> parts) implements Serializable {
    /** Total bytes. */
    public long bytes() {
      return parts.stream().mapToLong(p -> p.length).sum();
    }
  }

  private final JavaSparkContext jsc;
  private final long maxPartBytes;
  private Broadcast<Snapshot> current;

  public WeightBroadcaster(JavaSparkContext jsc, long maxPartBytes) {
    this.jsc = jsc;
    this.maxPartBytes = maxPartBytes;
  }

  /** Broadcasts {@code weights} as {@code version} and destroys the previous broadcast. */
  public Broadcast<Snapshot> publish(long version, Map<String, float[]> weights, Map<String, long[]> shapes) {
    Snapshot s = new Snapshot(version, encode(weights, shapes, maxPartBytes));
    Broadcast<Snapshot> b = jsc.broadcast(s);
    destroyCurrent();
    current = b;
    return b;
  }

  /** The weights as safetensors parts of at most {@code maxPartBytes} (a tensor larger than that gets its own). */
  public static List<byte[]> encode(Map<String, float[]> weights, Map<String, long[]> shapes, long maxPartBytes) {
    List<byte[]> parts = new ArrayList<>();
    Map<String, SafeTensor> part = new LinkedHashMap<>();
    long bytes = 0;
    for (Map.Entry<String, float[]> e : weights.entrySet()) {
      long size = 4L * e.getValue().length;
      if (!part.isEmpty() && bytes + size > maxPartBytes) {
        parts.add(SafetensorsWriter.toBytes(part, Map.of("format", "pt")));
        part = new LinkedHashMap<>();
        bytes = 0;
      }
      part.put(e.getKey(), SafeTensor.ofFloats(e.getValue(), shapes.get(e.getKey()), SafeDType.F32));
      bytes += size;
    }
    if (!part.isEmpty()) {
      parts.add(SafetensorsWriter.toBytes(part, Map.of("format", "pt")));
    }
    return parts;
  }

  private void destroyCurrent() {
    if (current != null) {
      current.destroy();
      current = null;
    }
  }

  @Override
  public void close() {
    destroyCurrent();
  }
}
