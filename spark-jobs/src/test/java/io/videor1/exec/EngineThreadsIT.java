package io.videor1.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.videor1.conf.ConfigError;
import io.videor1.conf.ConfigLoader;
import io.videor1.testing.SparkTestSession;
import io.videor1.train.sft.SftConfig;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * {@code exec.threads} as the engine sees it on Spark's task threads in local mode: the count each task pinned, read
 * back from libtorch on that thread; 0 follows the task's CPUs. (On executors of a cluster: ClusterTrainE2EIT reads it
 * back from the run's metrics.)
 */
class EngineThreadsIT {
  private static List<Integer> threadsSeenByTasks(EngineThreads.Setting setting) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
    return jsc.parallelize(List.of(1, 2, 3, 4), 4).map(i -> {
      int pinned = EngineThreads.pin(setting);
      return pinned == EngineThreads.current() ? pinned : -pinned;
    }).collect();
  }

  @Test
  void everyTaskRunsWithThePinnedCount() {
    assertEquals(List.of(3, 3, 3, 3), threadsSeenByTasks(new EngineThreads.Setting(3)));
    // the same pooled task threads, pinned again: a thread never keeps a count from an earlier task
    assertEquals(List.of(1, 1, 1, 1), threadsSeenByTasks(new EngineThreads.Setting(1)));
    assertEquals(List.of(2, 2, 2, 2), threadsSeenByTasks(new EngineThreads.Setting(2)));
  }

  @Test
  void zeroIsTheTasksCpuShare() {
    // local mode: spark.task.cpus is 1, whatever the core count, as Spark gives executors through OMP_NUM_THREADS
    assertEquals(List.of(1, 1, 1, 1), threadsSeenByTasks(new EngineThreads.Setting(0)));
    assertEquals(1, new EngineThreads.Setting(0).resolve(), "outside a task");
  }

  @Test
  void theSettingIsValidatedWithItsKey() {
    ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load("sft",
        List.of("sft.frames=f", "sft.model=random:tiny", "sft.out=o", "exec.threads=-1"), SftConfig::from));
    assertEquals(true, e.getMessage().contains("exec.threads must be 0"), e.getMessage());
    assertEquals(4, ConfigLoader.load("sft", List.of("sft.frames=f", "sft.model=random:tiny", "sft.out=o",
        "exec.threads=4"), SftConfig::from).run().threads());
  }
}
