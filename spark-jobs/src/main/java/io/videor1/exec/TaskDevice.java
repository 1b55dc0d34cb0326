package io.videor1.exec;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.typesafe.config.Config;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device a Spark task's model replica lives on: the GPU Spark assigned to this task
 * ({@code TaskContext.resources().get("gpu")}, from {@code spark.task.resource.gpu.amount} or a stage's resource
 * profile), so two tasks on an executor with two GPUs use one each instead of both using the engine's default.
 *
 * <p>An address is a CUDA device as the discovery script saw it; when this JVM has {@code CUDA_VISIBLE_DEVICES}, CUDA
 * numbers the visible devices from 0 in that list's order, so the address's position in the list is the index
 * opened. Without an assigned GPU the engine's default device is used; outside a task (the driver's master copy)
 * the CPU.
 *
 * <p>A task given a GPU that the engine cannot open (a CPU-only libtorch on a GPU executor, or a scheduler that
 * advertised fake addresses, as deploy/local-cluster.sh does on a machine without GPUs) stops with an error that
 * says so when {@code exec.require_gpu} is on, the default: a run that asked for GPUs would otherwise train on the
 * CPU, hundreds of times slower, with only an INFO line to show for it. With {@code exec.require_gpu = false} it
 * falls back to the engine's default device, and the log line says which device the task would have opened.
 */
public final class TaskDevice {
  private static final Logger LOG = LoggerFactory.getLogger(TaskDevice.class);

  /**
   * What a task was given and what it opens.
   *
   * @param address the first GPU address Spark assigned, or null
   * @param wanted the device that address names (the engine's default when none)
   * @param device the device models are loaded on
   * @param note why {@code device} differs from {@code wanted}, or ""
   */
  public record Choice(String address, Device wanted, Device device, String note) {}

  private TaskDevice() {}

  /** {@code exec.require_gpu} of a job's resolved configuration. */
  public static boolean requireGpu(Config root) {
    return root.getBoolean("exec.require_gpu");
  }

  /**
   * This task's device, logged once per call (call it once per task); the CPU outside a Spark task.
   *
   * @param requireGpu refuse to fall back to the CPU when Spark assigned this task a GPU ({@code exec.require_gpu})
   * @throws IllegalStateException when a GPU was assigned, the engine cannot open it and {@code requireGpu} is on
   */
  public static Device forTask(boolean requireGpu) {
    TaskContext tc = TaskContext.get();
    if (tc == null) {
      return Device.cpu();
    }
    Map<String, ResourceInformation> res = tc.resourcesJMap();
    ResourceInformation gpu = res == null ? null : res.get("gpu");
    Engine engine = Engine.getInstance();
    Choice c = choose(gpu == null ? new String[0] : gpu.addresses(), System.getenv("CUDA_VISIBLE_DEVICES"),
        engine.getGpuCount(), engine.defaultDevice());
    String task = "stage " + tc.stageId() + " partition " + tc.partitionId() + " (TID " + tc.taskAttemptId()
        + ", attempt " + tc.attemptNumber() + ")";
    LOG.info("device: {} gpu address {} -> {}{}", task, c.address() == null ? "none" : c.address(), c.device(),
        c.note().isEmpty() ? "" : " (" + c.note() + ")");
    String refusal = requireGpu ? refusal(c, task, engine.getEngineName() + " " + engine.getVersion(),
        engine.getGpuCount()) : null;
    if (refusal != null) {
      throw new IllegalStateException(refusal);
    }
    return c.device();
  }

  /**
   * Why a task with choice {@code c} must not run when a GPU is required, or null when it may: Spark assigned it a
   * GPU and the device it would open is not one.
   */
  static String refusal(Choice c, String task, String engine, int engineGpus) {
    if (c.address() == null || c.device().isGpu()) {
      return null;
    }
    String why = c.wanted().isGpu()
        ? "the engine (" + engine + ") sees " + engineGpus + " GPU(s) and cannot open " + c.wanted()
        : "'" + c.address() + "' is not a CUDA device index the engine (" + engine + ") can open";
    return "exec.require_gpu: Spark assigned GPU address " + c.address() + " to " + task + ", but " + why
        + ": the model would run on " + c.device() + ". Give the executors a CUDA build of libtorch "
        + "(PYTORCH_FLAVOR=cu128 or PYTORCH_LIBRARY_PATH, see deploy/README.md), or set exec.require_gpu=false to "
        + "run on the CPU anyway";
  }

  /**
   * The choice for GPU {@code addresses} (the first is used: a model replica needs one device), the JVM's
   * {@code CUDA_VISIBLE_DEVICES} (or null), and the engine's GPU count and default device.
   */
  public static Choice choose(String[] addresses, String cudaVisible, int engineGpus, Device engineDefault) {
    if (addresses.length == 0) {
      return new Choice(null, engineDefault, engineDefault, "no GPU assigned: the engine's default");
    }
    String address = addresses[0];
    int index = index(address, cudaVisible);
    if (index < 0) {
      return new Choice(address, engineDefault, engineDefault,
          "address '" + address + "' is not a CUDA device index: the engine's default");
    }
    Device wanted = Device.gpu(index);
    if (index >= engineGpus) {
      return new Choice(address, wanted, engineDefault, "would open " + wanted + ", but the engine sees " + engineGpus
          + " GPU(s): the engine's default");
    }
    return new Choice(address, wanted, wanted, "");
  }

  /** The CUDA index of {@code address}: its position in CUDA_VISIBLE_DEVICES when listed there, else the number. */
  static int index(String address, String cudaVisible) {
    String a = address.strip();
    if (cudaVisible != null && !cudaVisible.isBlank()) {
      List<String> visible = Arrays.stream(cudaVisible.split(",")).map(String::strip).toList();
      int at = visible.indexOf(a);
      if (at >= 0) {
        return at;
      }
    }
    try {
      int i = Integer.parseInt(a);
      return i >= 0 ? i : -1;
    } catch (NumberFormatException e) {
      return -1; // e.g. a GPU UUID that CUDA_VISIBLE_DEVICES does not list
    }
  }
}
