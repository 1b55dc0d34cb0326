package io.videor1.train.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/** Gradients summed in chunks on real Spark equal the plain sum, whatever the partitioning, and chunks stay small. */
class GradientShardsIT {
  static Map<String, float[]> grads(int task) {
    SplittableRandom r = new SplittableRandom(task);
    Map<String, float[]> g = new LinkedHashMap<>();
    g.put("model.embed_tokens.weight", new float[10_007]);
    g.put("model.norm.weight", new float[64]);
    for (float[] a : g.values()) {
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) r.nextDouble(-1, 1);
      }
    }
    return g;
  }

  @Test
  void shardedSumEqualsThePlainSumForAnyPartitioning() {
    int tasks = 6;
    int maxChunk = 1_000;
    Map<String, Integer> sizes = new LinkedHashMap<>();
    grads(0).forEach((k, v) -> sizes.put(k, v.length));
    Map<String, double[]> expected = new LinkedHashMap<>();
    sizes.forEach((k, n) -> expected.put(k, new double[n]));
    for (int t = 0; t < tasks; t++) {
      grads(t).forEach((k, v) -> {
        for (int i = 0; i < v.length; i++) {
          expected.get(k)[i] += v[i];
        }
      });
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    List<Integer> ids = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      ids.add(t);
    }
    for (int partitions : new int[] {1, 3, 6}) {
      JavaPairRDD<ShardKey, float[]> perTask =
          jsc.parallelize(ids, partitions).flatMapToPair(t -> GradientShards.split(grads(t), maxChunk).iterator());
      JavaPairRDD<ShardKey, float[]> summed = GradientShards.sum(perTask, 4);
      assertTrue(summed.values().map(a -> a.length).collect().stream().allMatch(n -> n <= maxChunk));
      Map<String, float[]> got = GradientShards.assemble(summed.toLocalIterator(), sizes, maxChunk);
      for (String k : sizes.keySet()) {
        for (int i = 0; i < sizes.get(k); i++) {
          assertEquals(expected.get(k)[i], got.get(k)[i], 1e-4, k + "[" + i + "] with " + partitions + " partitions");
        }
      }
    }
  }

  @Test
  void assemblyRejectsMissingOrForeignChunks() {
    Map<String, Integer> sizes = Map.of("a", 5);
    List<Tuple2<ShardKey, float[]>> chunks = GradientShards.split(Map.of("a", new float[] {1, 2, 3, 4, 5}), 2);
    assertArrayEquals(new float[] {1, 2, 3, 4, 5}, GradientShards.assemble(chunks.iterator(), sizes, 2).get("a"));
    assertThrows(IllegalStateException.class, () -> GradientShards.assemble(chunks.subList(0, 2).iterator(), sizes, 2));
    assertThrows(
        IllegalStateException.class,
        () -> GradientShards.assemble(List.of(new Tuple2<>(new ShardKey("b", 0), new float[1])).iterator(), sizes, 2));
  }
}
