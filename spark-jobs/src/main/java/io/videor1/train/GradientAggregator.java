package io.videor1.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * One training step's executor output reduced for the driver: gradients summed by (tensor, chunk) on executors, in
 * a fixed order, and the tasks' small results.
 *
 * <p>Each task emits its gradient (already summed over its prompts) as {@link GradientShards} chunks, plus one
 * summary under a reserved key, so a step is a single Spark job. The chunks of a key are added in partition order,
 * not in the order shuffle blocks arrive, so the sum — and the whole training trajectory — is bit-for-bit
 * reproducible, which {@code --resume} relies on. Small gradients (all tasks together up to 512 MB) skip the shuffle
 * and are added on the driver in the same order; large ones are summed by key on executors and streamed back one
 * partition at a time ({@code toLocalIterator}), so no single result approaches {@code spark.driver.maxResultSize}.
 * In local mode the tasks hand their gradients over by reference instead ({@link GradientHandoff}), and the driver
 * makes the same additions in the same order.
 */
public final class GradientAggregator {
  /** The reserved tensor name under which a task's summary travels. */
  static final String SUMMARY = "\u0000summary";
  /** The reserved tensor name under which a task names its {@link GradientHandoff} slot. */
  static final String HANDOFF = "\u0000handoff";
  /** Above this many gradient bytes the driver streams partitions instead of collecting them at once. */
  static final long COLLECT_LIMIT = 256L << 20;
  /**
   * Up to this many bytes of gradients from all tasks together, the driver collects the tasks' shards directly and
   * adds them itself (no shuffle); above it they are summed on executors first. Either way each result stays far
   * below {@code spark.driver.maxResultSize} (1 GiB by default).
   */
  static final long DIRECT_LIMIT = 512L << 20;

  private GradientAggregator() {}

  /** The summed gradients by tensor name and the tasks' summaries in partition order. */
  public record Result(Map<String, float[]> sums, List<Serializable> summaries) {}

  /**
   * A task's records: its gradient chunks (or, with {@code handoffJob} set, the name of the {@link GradientHandoff}
   * slot holding them) and its summary.
   */
  public static Iterator<Tuple2<ShardKey, TaskPayload>> emit(int partition, Map<String, float[]> grads,
      Serializable summary, int maxChunk, String handoffJob) {
    List<Tuple2<ShardKey, TaskPayload>> out = new ArrayList<>();
    if (handoffJob != null) {
      String slot = GradientHandoff.put(handoffJob, partition, grads);
      out.add(new Tuple2<>(new ShardKey(HANDOFF, partition), new TaskPayload(partition, null, slot)));
    } else {
      for (Tuple2<ShardKey, float[]> t : GradientShards.split(grads, maxChunk)) {
        out.add(new Tuple2<>(t._1(), new TaskPayload(partition, t._2(), null)));
      }
    }
    out.add(new Tuple2<>(new ShardKey(SUMMARY, partition), new TaskPayload(partition, null, summary)));
    return out.iterator();
  }

  /**
   * Reduces a step's task output.
   *
   * @param perTask what the tasks emitted ({@link #emit})
   * @param sizes element count of every trainable tensor, in the driver's order
   * @param maxChunk the chunk size the tasks used
   * @param reducePartitions partitions of the reduction (the number of executors adding chunks)
   * @param handoffJob the {@link GradientHandoff} job the tasks were given, or null
   */
  public static Result reduce(JavaPairRDD<ShardKey, TaskPayload> perTask, Map<String, Integer> sizes, int maxChunk,
      int reducePartitions, String handoffJob) {
    if (handoffJob != null) {
      try {
        return handedOff(perTask.collect(), sizes);
      } finally {
        GradientHandoff.clear(handoffJob);
      }
    }
    long bytes = 4L * sizes.values().stream().mapToLong(Integer::longValue).sum();
    Iterator<Tuple2<ShardKey, TaskPayload>> it;
    if (bytes * reducePartitions <= DIRECT_LIMIT) {
      // Small enough to take every task's shards as they are: no shuffle, the driver adds them in partition order.
      it = sumOnDriver(perTask.collect()).iterator();
    } else {
      JavaPairRDD<ShardKey, TaskPayload> summed =
          perTask.groupByKey(reducePartitions).mapValues(GradientAggregator::sumInOrder);
      it = bytes <= COLLECT_LIMIT ? summed.collect().iterator() : summed.toLocalIterator();
    }
    List<Tuple2<ShardKey, float[]>> chunks = new ArrayList<>();
    List<TaskPayload> summaries = new ArrayList<>();
    while (it.hasNext()) {
      Tuple2<ShardKey, TaskPayload> t = it.next();
      if (t._1().tensor().equals(SUMMARY)) {
        summaries.add(t._2());
      } else {
        chunks.add(new Tuple2<>(t._1(), t._2().values()));
      }
    }
    summaries.sort(Comparator.comparingInt(TaskPayload::partition));
    List<Serializable> out = new ArrayList<>(summaries.size());
    summaries.forEach(s -> out.add(s.summary()));
    return new Result(GradientShards.assemble(chunks.iterator(), sizes, maxChunk), out);
  }

  /** The sums of gradients handed off in the driver's JVM: the same additions, in partition order, as the shards'. */
  static Result handedOff(List<Tuple2<ShardKey, TaskPayload>> records, Map<String, Integer> sizes) {
    List<TaskPayload> slots = new ArrayList<>();
    List<TaskPayload> summaries = new ArrayList<>();
    for (Tuple2<ShardKey, TaskPayload> t : records) {
      String kind = t._1().tensor();
      if (kind.equals(HANDOFF)) {
        slots.add(t._2());
      } else if (kind.equals(SUMMARY)) {
        summaries.add(t._2());
      } else {
        throw new IllegalStateException("task " + t._2().partition() + " sent gradient chunks to a step that hands "
            + "gradients off");
      }
    }
    slots.sort(Comparator.comparingInt(TaskPayload::partition));
    summaries.sort(Comparator.comparingInt(TaskPayload::partition));
    Map<String, float[]> acc = null;
    for (TaskPayload s : slots) {
      Map<String, float[]> g = GradientHandoff.take((String) s.summary());
      acc = acc == null ? checked(g, sizes, s.partition()) : addInto(acc, checked(g, sizes, s.partition()));
    }
    if (acc == null) {
      throw new IllegalStateException("no task handed off a gradient");
    }
    List<Serializable> out = new ArrayList<>(summaries.size());
    summaries.forEach(s -> out.add(s.summary()));
    return new Result(acc, out);
  }

  /** {@code g} reordered to {@code sizes}' order, after checking that every tensor is there at its size. */
  private static Map<String, float[]> checked(Map<String, float[]> g, Map<String, Integer> sizes, int partition) {
    Map<String, float[]> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : sizes.entrySet()) {
      float[] v = g.get(e.getKey());
      if (v == null || v.length != e.getValue()) {
        throw new IllegalStateException("task " + partition + " handed off " + (v == null ? "no gradient" : v.length
            + " elements") + " for " + e.getKey() + " (expected " + e.getValue() + ")");
      }
      out.put(e.getKey(), v);
    }
    return out;
  }

  /** The same sums as the executor-side reduction, computed on the driver from every task's shards. */
  static List<Tuple2<ShardKey, TaskPayload>> sumOnDriver(List<Tuple2<ShardKey, TaskPayload>> all) {
    Map<ShardKey, List<TaskPayload>> byKey = new java.util.LinkedHashMap<>();
    for (Tuple2<ShardKey, TaskPayload> t : all) {
      byKey.computeIfAbsent(t._1(), k -> new ArrayList<>()).add(t._2());
    }
    List<Tuple2<ShardKey, TaskPayload>> out = new ArrayList<>(byKey.size());
    byKey.forEach((k, v) -> out.add(new Tuple2<>(k, sumInOrder(v))));
    return out;
  }

  static TaskPayload sumInOrder(Iterable<TaskPayload> values) {
    List<TaskPayload> l = new ArrayList<>();
    values.forEach(l::add);
    l.sort(Comparator.comparingInt(TaskPayload::partition));
    if (l.get(0).values() == null) {
      return l.get(0); // a summary: one per key
    }
    float[] acc = l.get(0).values().clone();
    for (int i = 1; i < l.size(); i++) {
      float[] v = l.get(i).values();
      for (int j = 0; j < acc.length; j++) {
        acc[j] += v[j];
      }
    }
    return new TaskPayload(-1, acc, null);
  }

  /** Adds {@code more} into {@code acc} tensor by tensor (rollout rounds of one update); returns {@code acc}. */
  public static Map<String, float[]> addInto(Map<String, float[]> acc, Map<String, float[]> more) {
    for (Map.Entry<String, float[]> e : acc.entrySet()) {
      float[] a = e.getValue();
      float[] b = more.get(e.getKey());
      for (int j = 0; j < a.length; j++) {
        a[j] += b[j];
      }
    }
    return acc;
  }

  /** Pairs a task RDD's records (Java's type inference needs the help). */
  public static JavaPairRDD<ShardKey, TaskPayload> pairs(JavaRDD<Tuple2<ShardKey, TaskPayload>> rdd) {
    return rdd.mapToPair(t -> t);
  }
}
