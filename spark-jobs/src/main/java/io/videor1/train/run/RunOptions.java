package io.videor1.train.run;

import com.typesafe.config.Config;
import io.videor1.exec.EngineThreads;
import io.videor1.exec.TaskDevice;
import io.videor1.model.io.SafeDType;
import io.videor1.train.step.GradientHandoff;
import java.io.Serializable;
import java.util.Locale;

/**
 * What a training run does with its output directory and its steps, shared by SFT and T-GRPO.
 *
 * @param out the run directory (any Hadoop FileSystem path): checkpoints/, model/, metrics.jsonl, ledger/, run.json
 * @param resume continue from the newest whole checkpoint under {@code out}
 * @param steps optimizer steps of the whole run (the learning-rate schedule's horizon)
 * @param stopAfter stop after this step although the schedule runs to {@code steps} (0: run to the end); an
 *     interrupted run, reproducibly
 * @param seed seed of every random choice (prompt order, sampling, shuffles)
 * @param checkpointEvery write a checkpoint every N steps (and always at the last step run)
 * @param checkpointKeep whole checkpoints kept (0 keeps all)
 * @param gradientChunk floats per gradient shard sent to the driver
 * @param partitions Spark tasks per step (0: one per prompt up to the default parallelism)
 * @param taskGpus GPUs each model task (rollouts and gradients) requires through a stage-level resource profile (0:
 *     no profile; the tasks run like any other)
 * @param taskCpus CPU cores each model task requires in that profile
 * @param localHandoff in local mode, tasks hand their gradients to the driver by reference instead of as serialized
 *     task results ({@link GradientHandoff}); no effect on a cluster
 * @param threads the engine's intra-op threads in every model task ({@code exec.threads}; 0: the task's CPUs), the
 *     same in local mode and on executors ({@link EngineThreads})
 * @param requireGpu a model task Spark assigned a GPU that the engine cannot open stops instead of running on the
 *     CPU ({@code exec.require_gpu}; {@link TaskDevice})
 */
public record RunOptions(String out, boolean resume, int steps, int stopAfter, long seed, int checkpointEvery,
    int checkpointKeep, int gradientChunk, int partitions, double taskGpus, int taskCpus, boolean localHandoff,
    int threads, boolean requireGpu) implements Serializable {

  /** Validates the values of {@code root} (a job's resolved file); messages name the key under {@code job}. */
  public static RunOptions from(Config root, String job) {
    Config k = root.getConfig(job);
    String out = k.getString("out");
    require(!out.isBlank(), job + ".out must be an output directory (--out)");
    int steps = k.getInt("steps");
    require(steps >= 1, job + ".steps must be >= 1 (got " + steps + ")");
    int stopAfter = k.getInt("stop_after");
    require(stopAfter >= 0 && stopAfter <= steps, job + ".stop_after must be in [0, " + job + ".steps] (got "
        + stopAfter + ")");
    int every = k.getInt("checkpoint_every");
    require(every >= 1, job + ".checkpoint_every must be >= 1 (got " + every + ")");
    int keep = k.getInt("checkpoint_keep");
    require(keep >= 0, job + ".checkpoint_keep must be >= 0 (got " + keep + ")");
    int chunk = k.getInt("gradient_chunk");
    require(chunk >= 1024, job + ".gradient_chunk must be >= 1024 floats (got " + chunk + ")");
    int partitions = k.getInt("partitions");
    require(partitions >= 0, job + ".partitions must be >= 0 (got " + partitions + ")");
    double taskGpus = k.getDouble("task_gpus");
    require(taskGpus >= 0 && (taskGpus <= 1 || taskGpus == Math.rint(taskGpus)), job + ".task_gpus must be 0, a "
        + "fraction of one GPU or a whole number (got " + taskGpus + ")");
    int taskCpus = k.getInt("task_cpus");
    require(taskCpus >= 1, job + ".task_cpus must be >= 1 (got " + taskCpus + ")");
    return new RunOptions(out, k.getBoolean("resume"), steps, stopAfter, k.getLong("seed"), every, keep, chunk,
        partitions, taskGpus, taskCpus, k.getBoolean("local_handoff"), EngineThreads.Setting.from(root).threads(),
        TaskDevice.requireGpu(root));
  }

  /** The engine thread setting of the run's model tasks. */
  public EngineThreads.Setting threadSetting() {
    return new EngineThreads.Setting(threads);
  }

  /** The last step this invocation runs. */
  public int lastStep() {
    return stopAfter == 0 ? steps : stopAfter;
  }

  /** A copy writing to another directory. */
  public RunOptions withOut(String dir) {
    return new RunOptions(dir, resume, steps, stopAfter, seed, checkpointEvery, checkpointKeep, gradientChunk,
        partitions, taskGpus, taskCpus, localHandoff, threads, requireGpu);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
  /**
   * Parses a checkpoint dtype setting (auto, f32, bf16 or f16): null for auto, the starting checkpoint's own dtype;
   * the message names {@code key}.
   */
  public static SafeDType checkpointDtype(String s, String key) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "auto" -> null;
      case "f32", "float32" -> SafeDType.F32;
      case "bf16", "bfloat16" -> SafeDType.BF16;
      case "f16", "float16" -> SafeDType.F16;
      default -> throw new IllegalArgumentException(key + " must be auto, f32, bf16 or f16 (got '" + s + "')");
    };
  }
}
