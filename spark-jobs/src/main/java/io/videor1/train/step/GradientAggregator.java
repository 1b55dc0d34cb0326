package io.videor1.train.step;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * One training step's executor output reduced for the driver: gradients summed by (tensor, chunk) in a fixed order,
 * and the tasks' small results.
 *
 * <p>Each task emits its gradient (already summed over its prompts) as {@link TaskPayload.Chunk}s, plus one
 * {@link TaskPayload.Summary}, so a step is a single Spark job. The chunks of a key are added in partition order, not
 * in the order shuffle blocks arrive, so the sum — and the whole training trajectory — is bit-for-bit reproducible,
 * which {@code --resume} relies on. There are three ways to the driver, all making the same additions in the same
 * order:
 * <ul>
 *   <li>small gradients (all tasks together up to 512 MB) are collected as they are and added on the driver
 *       ({@link #collected}, which the in-process benchmark calls too);
 *   <li>large ones are summed by key on executors and streamed back one partition at a time ({@code
 *       toLocalIterator}), so no single result approaches {@code spark.driver.maxResultSize};
 *   <li>in local mode the tasks hand their gradients over by reference ({@link TaskPayload.Handoff}).
 * </ul>
 */
public final class GradientAggregator {
  /** Above this many gradient bytes the driver streams partitions instead of collecting them at once. */
  static final long COLLECT_LIMIT = 256L << 20;
  /**
   * Up to this many bytes of gradients from all tasks together, the driver collects the tasks' shards directly and
   * adds them itself (no shuffle); above it they are summed on executors first. Either way each result stays far
   * below {@code spark.driver.maxResultSize} (1 GiB by default).
   */
  static final long DIRECT_LIMIT = 512L << 20;

  private GradientAggregator() {}

  /** The summed gradients by tensor name and the tasks' results in partition order. */
  public record Result(Map<String, float[]> sums, List<Serializable> summaries) {}

  /**
   * A task's records: its gradient chunks (or, with {@code handoffJob} set, the {@link GradientHandoff} slot holding
   * them) and its summary.
   */
  public static Iterator<Tuple2<StepKey, TaskPayload>> emit(int partition, Map<String, float[]> grads,
      Serializable summary, int maxChunk, String handoffJob) {
    List<Tuple2<StepKey, TaskPayload>> out = new ArrayList<>();
    if (handoffJob != null) {
      String slot = GradientHandoff.put(handoffJob, partition, grads);
      out.add(new Tuple2<>(new StepKey.OfTask(partition), new TaskPayload.Handoff(partition, slot)));
    } else {
      for (Tuple2<ShardKey, float[]> t : GradientShards.split(grads, maxChunk)) {
        out.add(new Tuple2<>(t._1(), new TaskPayload.Chunk(partition, t._2())));
      }
    }
    out.add(new Tuple2<>(new StepKey.OfTask(partition), new TaskPayload.Summary(partition, summary)));
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
  public static Result reduce(JavaRDD<Tuple2<StepKey, TaskPayload>> perTask, Map<String, Integer> sizes,
      int maxChunk, int reducePartitions, String handoffJob) {
    if (handoffJob != null) {
      try {
        return handedOff(perTask.collect(), sizes);
      } finally {
        GradientHandoff.clear(handoffJob);
      }
    }
    long bytes = 4L * sizes.values().stream().mapToLong(Integer::longValue).sum();
    if (bytes * reducePartitions <= DIRECT_LIMIT) {
      return collected(perTask.collect(), sizes, maxChunk); // no shuffle: the driver adds in partition order
    }
    JavaPairRDD<StepKey, TaskPayload> summed =
        perTask.mapToPair(t -> t).groupByKey(reducePartitions).mapValues(GradientAggregator::sumInOrder);
    return assembled(bytes <= COLLECT_LIMIT ? summed.collect().iterator() : summed.toLocalIterator(), sizes, maxChunk);
  }

  /**
   * The step's result from every task's records at hand (collected, or produced in this JVM): chunks of a key added
   * in partition order, as the executor-side reduction adds them.
   */
  public static Result collected(List<Tuple2<StepKey, TaskPayload>> records, Map<String, Integer> sizes,
      int maxChunk) {
    Map<StepKey, List<TaskPayload>> byKey = new LinkedHashMap<>();
    for (Tuple2<StepKey, TaskPayload> t : records) {
      byKey.computeIfAbsent(t._1(), k -> new ArrayList<>()).add(t._2());
    }
    List<Tuple2<StepKey, TaskPayload>> summed = new ArrayList<>(byKey.size());
    byKey.forEach((k, v) -> summed.add(new Tuple2<>(k, sumInOrder(v))));
    return assembled(summed.iterator(), sizes, maxChunk);
  }

  /** Whole tensors from summed chunks, and the summaries in partition order. */
  private static Result assembled(Iterator<Tuple2<StepKey, TaskPayload>> it, Map<String, Integer> sizes,
      int maxChunk) {
    List<Tuple2<ShardKey, float[]>> chunks = new ArrayList<>();
    List<TaskPayload.Summary> summaries = new ArrayList<>();
    while (it.hasNext()) {
      Tuple2<StepKey, TaskPayload> t = it.next();
      if (t._2() instanceof TaskPayload.Summary s) {
        summaries.add(s);
      } else if (t._2() instanceof TaskPayload.Chunk c && t._1() instanceof ShardKey k) {
        chunks.add(new Tuple2<>(k, c.values()));
      } else {
        throw new IllegalStateException("task " + t._2().partition() + " sent " + t._2().getClass().getSimpleName()
            + " under " + t._1() + " to a step that sends gradients as task results");
      }
    }
    return new Result(GradientShards.assemble(chunks.iterator(), sizes, maxChunk), inOrder(summaries));
  }

  /** The sums of gradients handed off in the driver's JVM: the same additions, in partition order, as the shards'. */
  static Result handedOff(List<Tuple2<StepKey, TaskPayload>> records, Map<String, Integer> sizes) {
    List<TaskPayload.Handoff> slots = new ArrayList<>();
    List<TaskPayload.Summary> summaries = new ArrayList<>();
    for (Tuple2<StepKey, TaskPayload> t : records) {
      if (t._2() instanceof TaskPayload.Handoff h) {
        slots.add(h);
      } else if (t._2() instanceof TaskPayload.Summary s) {
        summaries.add(s);
      } else {
        throw new IllegalStateException("task " + t._2().partition() + " sent gradient chunks to a step that hands "
            + "gradients off");
      }
    }
    slots.sort(Comparator.comparingInt(TaskPayload::partition));
    Map<String, float[]> acc = null;
    for (TaskPayload.Handoff s : slots) {
      Map<String, float[]> g = checked(GradientHandoff.take(s.slot()), sizes, s.partition());
      acc = acc == null ? g : addInto(acc, g);
    }
    if (acc == null) {
      throw new IllegalStateException("no task handed off a gradient");
    }
    return new Result(acc, inOrder(summaries));
  }

  private static List<Serializable> inOrder(List<TaskPayload.Summary> summaries) {
    summaries.sort(Comparator.comparingInt(TaskPayload::partition));
    List<Serializable> out = new ArrayList<>(summaries.size());
    summaries.forEach(s -> out.add(s.results()));
    return out;
  }

  /** {@code g} reordered to {@code sizes}' order, after checking that every tensor is there at its size. */
  private static Map<String, float[]> checked(Map<String, float[]> g, Map<String, Integer> sizes, int partition) {
    Map<String, float[]> out = new LinkedHashMap<>();
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

  /**
   * The records of one key added in partition order: a task's own record (one per key) as it is, gradient chunks
   * summed into a new chunk.
   */
  static TaskPayload sumInOrder(Iterable<TaskPayload> values) {
    List<TaskPayload> l = new ArrayList<>();
    values.forEach(l::add);
    l.sort(Comparator.comparingInt(TaskPayload::partition));
    if (!(l.get(0) instanceof TaskPayload.Chunk first)) {
      if (l.size() > 1) {
        throw new IllegalStateException(l.size() + " records share the key of task " + l.get(0).partition());
      }
      return l.get(0);
    }
    float[] acc = first.values().clone();
    for (int i = 1; i < l.size(); i++) {
      float[] v = ((TaskPayload.Chunk) l.get(i)).values();
      for (int j = 0; j < acc.length; j++) {
        acc[j] += v[j];
      }
    }
    return new TaskPayload.Chunk(-1, acc);
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
}
