package io.videor1.train.step;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import scala.Tuple2;

/**
 * Gradients travel between executors and the driver as chunks of named tensors, never as one array.
 *
 * <p>A 7B model's gradient is 28 GB in fp32: one {@code float[]} cannot hold it (2^31 elements) and one task result
 * must stay under {@code spark.driver.maxResultSize}. Each task emits its gradient as (tensor, chunk) records of at most
 * {@code maxChunk} floats, {@code reduceByKey} sums them on executors, and the driver streams the sums back one chunk at
 * a time ({@link #assemble}).
 */
public final class GradientShards {
  private GradientShards() {}

  /** Splits named gradients into chunks of at most {@code maxChunk} floats. */
  public static List<Tuple2<ShardKey, float[]>> split(Map<String, float[]> grads, int maxChunk) {
    if (maxChunk < 1) {
      throw new IllegalArgumentException("maxChunk must be >= 1, got " + maxChunk);
    }
    List<Tuple2<ShardKey, float[]>> out = new ArrayList<>();
    for (Map.Entry<String, float[]> e : grads.entrySet()) {
      float[] g = e.getValue();
      // long arithmetic: a tensor of 545 M floats plus a chunk overflows an int
      int chunks = (int) Math.max(1, (g.length + (long) maxChunk - 1) / maxChunk);
      for (int c = 0; c < chunks; c++) {
        int from = (int) ((long) c * maxChunk);
        int to = (int) Math.min(g.length, (long) from + maxChunk);
        float[] part = new float[to - from];
        System.arraycopy(g, from, part, 0, part.length);
        out.add(new Tuple2<>(new ShardKey(e.getKey(), c), part));
      }
    }
    return out;
  }

  /** Sums the chunks of all tasks by key; the addition happens on executors, in place on the left operand. */
  public static JavaPairRDD<ShardKey, float[]> sum(JavaPairRDD<ShardKey, float[]> perTask, int partitions) {
    return perTask.reduceByKey(GradientShards::addInPlace, partitions);
  }

  static float[] addInPlace(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("chunk sizes differ: " + a.length + " vs " + b.length);
    }
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  /**
   * Reassembles named tensors from chunks in any order.
   *
   * @param sizes every tensor's element count, in the order the result should have
   * @param maxChunk the chunk size used by {@link #split}
   * @throws IllegalStateException when a chunk is missing or does not fit
   */
  public static Map<String, float[]> assemble(
      Iterator<Tuple2<ShardKey, float[]>> chunks, Map<String, Integer> sizes, int maxChunk) {
    Map<String, float[]> out = new LinkedHashMap<>();
    Map<String, Integer> filled = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : sizes.entrySet()) {
      out.put(e.getKey(), new float[e.getValue()]);
      filled.put(e.getKey(), 0);
    }
    while (chunks.hasNext()) {
      Tuple2<ShardKey, float[]> t = chunks.next();
      float[] target = out.get(t._1().tensor());
      if (target == null) {
        throw new IllegalStateException("gradient for unknown tensor " + t._1().tensor());
      }
      long from = (long) t._1().chunk() * maxChunk;
      if (t._1().chunk() < 0 || from + t._2().length > target.length) {
        throw new IllegalStateException("chunk " + t._1() + " overflows " + target.length + " elements");
      }
      System.arraycopy(t._2(), 0, target, (int) from, t._2().length);
      filled.merge(t._1().tensor(), t._2().length, Integer::sum);
    }
    for (Map.Entry<String, Integer> e : sizes.entrySet()) {
      if (!filled.get(e.getKey()).equals(e.getValue())) {
        throw new IllegalStateException(
            "gradient of " + e.getKey() + " has " + filled.get(e.getKey()) + " of " + e.getValue() + " elements");
      }
    }
    return out;
  }
}
