package io.videor1.exec;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.typesafe.config.Config;
import java.io.Serializable;
import org.apache.spark.TaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's intra-op thread count, set explicitly on every thread that runs a model ({@code exec.threads}).
 *
 * <p>Why: PyTorch's CPU kernels split reductions and matrix products by thread count, and on some CPUs (measured on a
 * Xeon with AMX) the split changes the last bits of a backward pass. Left alone, the count is whatever the process
 * inherited: a local-mode driver gets one thread per core, while Spark starts executors with {@code OMP_NUM_THREADS}
 * set to {@code spark.task.cpus} (SPARK-41188), so a cluster run and the same run in local mode computed with
 * different counts and drifted apart after a few updates. Pinning the count on the calling thread makes a run's
 * numbers a function of its inputs, its settings and the CPU type, wherever its tasks run.
 *
 * <p>The count is per thread in libtorch (OpenMP's and MKL's per-thread settings, initialised from a global the
 * first time a thread runs a parallel kernel), so it is set on the task's own thread at the start of every task, not
 * once per JVM. Autograd's CPU backward runs on the thread that calls it, so the setting covers backward too.
 */
public final class EngineThreads {
  private static final Logger LOG = LoggerFactory.getLogger(EngineThreads.class);
  private static volatile int logged = -1;

  /**
   * The setting: {@code threads} intra-op threads per model task, or 0 for the task's CPU share ({@code
   * spark.task.cpus}, or the {@code task_cpus} of the stage's resource profile), which is what Spark gives an
   * executor's OpenMP and what fills a machine when every task slot is busy.
   */
  public record Setting(int threads) implements Serializable {
    public Setting {
      if (threads < 0 || threads > 1024) {
        throw new IllegalArgumentException("exec.threads must be 0 (the task's spark.task.cpus) or 1 to 1024 (got "
            + threads + ")");
      }
    }

    /** {@code exec.threads} of a job's resolved configuration. */
    public static Setting from(Config root) {
      return new Setting(root.getInt("exec.threads"));
    }

    /** The count a thread runs with: {@code threads}, else this task's CPUs, else 1 outside a Spark task. */
    public int resolve() {
      if (threads > 0) {
        return threads;
      }
      TaskContext tc = TaskContext.get();
      return tc == null ? 1 : Math.max(1, tc.cpus());
    }
  }

  private EngineThreads() {}

  /**
   * Sets the calling thread's intra-op thread count as {@code setting} says and returns it; the engine's global
   * default is set with it, so threads the engine starts later begin with the same count.
   */
  public static int pin(Setting setting) {
    int n = setting.resolve();
    Engine.getInstance(); // loads the native library
    if (JniUtils.getNumThreads() != n) {
      JniUtils.setNumThreads(n);
    }
    if (logged != n) {
      logged = n;
      LOG.info("engine threads: {} intra-op thread(s) per model task (exec.threads = {})", n,
          setting.threads() == 0 ? "0: the task's CPUs" : setting.threads());
    }
    return n;
  }

  /** The intra-op thread count the engine uses on the calling thread. */
  public static int current() {
    Engine.getInstance();
    return JniUtils.getNumThreads();
  }
}
