package io.videor1.bench;

import ai.djl.Device;
import io.videor1.exec.HadoopConf;
import io.videor1.train.PolicyReplica;
import io.videor1.train.PromptMeta;
import io.videor1.train.PromptSampler;
import io.videor1.train.RolloutTask;
import io.videor1.train.ShardKey;
import io.videor1.train.TGrpoConfig;
import io.videor1.train.TaskPayload;
import io.videor1.train.TrainableState;
import io.videor1.train.WeightBroadcaster;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import scala.Tuple2;

/**
 * A T-GRPO step's work without Spark: the same executor code ({@link RolloutTask}) on a thread pool as wide as the
 * Spark run's slots, the weights encoded as the broadcast encodes them, the partitions' gradients summed in
 * partition order and the driver's AdamW update. The peer of a local-Spark step in {@link TrainBenchmark}.
 *
 * <p>It keeps its own driver state and executor replica, so it can run step by step beside a Spark run in the same
 * JVM without either reloading the other's model.
 */
final class InProcessSteps implements AutoCloseable {
  private final TGrpoConfig cfg;
  private final List<PromptMeta> prompts;
  private final PromptSampler sampler;
  private final int threads;
  private final ExecutorService pool;
  private final PolicyReplica driver;
  private final PolicyReplica executor;
  private final TrainableState state;
  /** The benchmark's models and frames are local files: a default configuration reaches them. */
  private final HadoopConf hadoop;
  private final String runKey = "bench-" + System.nanoTime();

  InProcessSteps(TGrpoConfig cfg, List<PromptMeta> prompts, int threads) throws Exception {
    this.cfg = cfg;
    this.prompts = prompts;
    this.sampler = new PromptSampler(cfg.run().seed(), prompts.size(), cfg.promptsPerStep());
    this.threads = threads;
    this.pool = Executors.newFixedThreadPool(threads);
    this.hadoop = new HadoopConf(new Configuration());
    this.driver = PolicyReplica.load(cfg.spec(), cfg.run().seed(), hadoop.get(), Device.cpu());
    this.executor = PolicyReplica.load(cfg.spec(), 0L, hadoop.get(), Device.cpu());
    this.state = TrainableState.of(driver.trainable());
  }

  /** Runs step {@code step} and returns its seconds. */
  double step(int step) throws Exception {
    long t0 = System.nanoTime();
    WeightBroadcaster.Snapshot w = new WeightBroadcaster.Snapshot(step - 1,
        WeightBroadcaster.encode(state.weights(), state.shapes(), 1L << 30));
    RolloutTask task = new RolloutTask(runKey, cfg, step, null, null, hadoop);
    int[] picked = sampler.promptsOf(step);
    List<Future<Map<String, float[]>>> parts = new ArrayList<>();
    for (int p = 0; p < threads; p++) {
      List<Tuple2<Integer, PromptMeta>> slice = new ArrayList<>();
      for (int i = p * picked.length / threads; i < (p + 1) * picked.length / threads; i++) {
        slice.add(new Tuple2<>(i, prompts.get(picked[i])));
      }
      int part = p;
      parts.add(pool.submit(() -> gradients(task.run(part, slice.iterator(), w, executor))));
    }
    Map<String, float[]> sum = null;
    for (Future<Map<String, float[]>> f : parts) {
      sum = sum == null ? f.get() : add(sum, f.get());
    }
    state.update(sum, picked.length, cfg.optim().lr(), cfg.optim().maxGradNorm(), cfg.optim().adam());
    return (System.nanoTime() - t0) / 1e9;
  }

  /** A task's gradient chunks joined back into whole tensors, by name. */
  private static Map<String, float[]> gradients(Iterator<Tuple2<ShardKey, TaskPayload>> it) {
    Map<String, List<float[]>> chunks = new LinkedHashMap<>();
    while (it.hasNext()) {
      var t = it.next();
      if (t._2().values() != null) {
        chunks.computeIfAbsent(t._1().tensor(), k -> new ArrayList<>()).add(t._2().values());
      }
    }
    Map<String, float[]> out = new LinkedHashMap<>();
    chunks.forEach((n, l) -> {
      float[] v = new float[l.stream().mapToInt(a -> a.length).sum()];
      int o = 0;
      for (float[] a : l) {
        System.arraycopy(a, 0, v, o, a.length);
        o += a.length;
      }
      out.put(n, v);
    });
    return out;
  }

  private static Map<String, float[]> add(Map<String, float[]> a, Map<String, float[]> b) {
    a.forEach((n, v) -> {
      float[] w = b.get(n);
      for (int i = 0; i < v.length; i++) {
        v[i] += w[i];
      }
    });
    return a;
  }

  @Override
  public void close() {
    pool.shutdown();
    executor.close();
    driver.close();
  }
}
