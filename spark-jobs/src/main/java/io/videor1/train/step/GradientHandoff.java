package io.videor1.train.step;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;

/**
 * In local mode a task's summed gradient reaches the driver by reference instead of through Spark's task results.
 *
 * <p>Local-mode executors are threads of the driver's JVM, yet Spark serializes every task result, stores a large one
 * in the block manager and deserializes it again on the driver: at the mid preset that is 240 MB of float arrays per
 * task, copied four to six times, which costs more than the step's optimizer update. Spark reads a broadcast in the
 * driver's JVM by reference for the same reason. A task that runs in the driver's JVM puts its gradient map in a slot
 * and emits only the slot's name; the driver takes the maps and adds them in partition order, exactly the additions of
 * the serialized path, so both give the same bits (ClusterTrainE2EIT compares a cluster run with a local one).
 *
 * <p>Slots are named (job, partition, attempt). A retried task puts a new slot; the driver takes the ones named in
 * the results it received and then clears the job's leftovers (failed or superseded attempts).
 */
public final class GradientHandoff {
  private static final Map<String, Map<String, float[]>> SLOTS = new ConcurrentHashMap<>();

  private GradientHandoff() {}

  /** A fresh job name, made by the driver for one Spark job's tasks. */
  public static String newJob() {
    return UUID.randomUUID().toString();
  }

  /**
   * Puts this task's gradients under {@code job}; returns the slot's name. The driver gives tasks a job only in local
   * mode, where they run in its JVM; elsewhere {@link #take} fails with what to change.
   */
  static String put(String job, int partition, Map<String, float[]> grads) {
    String slot = job + "/" + partition + "/" + TaskContext.get().attemptNumber();
    SLOTS.put(slot, grads);
    return slot;
  }

  /** Removes and returns a slot's gradients. */
  static Map<String, float[]> take(String slot) {
    Map<String, float[]> g = SLOTS.remove(slot);
    if (g == null) {
      throw new IllegalStateException("gradient slot " + slot + " is not in this JVM: local handoff needs the tasks "
          + "to run in the driver's JVM (local mode); set <job>.local_handoff=false to send gradients as task results");
    }
    return g;
  }

  /** Drops whatever slots of {@code job} are left (attempts whose results the driver never used). */
  static void clear(String job) {
    SLOTS.keySet().removeIf(k -> k.startsWith(job + "/"));
  }

  /** Slots currently held (tests). */
  public static int held() {
    return SLOTS.size();
  }
}
