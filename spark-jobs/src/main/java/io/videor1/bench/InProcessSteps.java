package io.videor1.bench;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.videor1.exec.HadoopConf;
import io.videor1.prompt.PromptMeta;
import io.videor1.train.grpo.RolloutTask;
import io.videor1.train.grpo.TGrpoConfig;
import io.videor1.train.run.PolicyReplica;
import io.videor1.train.run.PromptSampler;
import io.videor1.train.run.TrainableState;
import io.videor1.train.step.GradientAggregator;
import io.videor1.train.step.StepKey;
import io.videor1.train.step.TaskPayload;
import io.videor1.train.step.WeightBroadcaster;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
    this.driver = PolicyReplica.load(cfg.spec(), cfg.run().seed(), hadoop.get(), Device.cpu(), DataType.FLOAT32);
    this.executor = PolicyReplica.load(cfg.spec(), 0L, hadoop.get(), Device.cpu(), cfg.spec().computeDtype());
    this.state = TrainableState.of(driver.trainable());
  }

  /** Runs step {@code step} and returns its seconds. */
  double step(int step) throws Exception {
    long t0 = System.nanoTime();
    WeightBroadcaster.Snapshot w = new WeightBroadcaster.Snapshot(step - 1,
        WeightBroadcaster.encode(state.weights(), state.shapes(), 1L << 30));
    RolloutTask task = new RolloutTask(runKey, cfg, step, null, null, hadoop, state.lossScale());
    int[] picked = sampler.promptsOf(step);
    List<Future<List<Tuple2<StepKey, TaskPayload>>>> parts = new ArrayList<>();
    for (int p = 0; p < threads; p++) {
      List<Tuple2<Integer, PromptMeta>> slice = new ArrayList<>();
      for (int i = p * picked.length / threads; i < (p + 1) * picked.length / threads; i++) {
        slice.add(new Tuple2<>(i, prompts.get(picked[i])));
      }
      int part = p;
      parts.add(pool.submit(() -> records(task.run(part, slice.iterator(), w, executor))));
    }
    List<Tuple2<StepKey, TaskPayload>> all = new ArrayList<>();
    for (Future<List<Tuple2<StepKey, TaskPayload>>> f : parts) {
      all.addAll(f.get());
    }
    // The driver's own reduction: chunks added in partition order, as a Spark step adds them.
    GradientAggregator.Result sum = GradientAggregator.collected(all, state.sizes(), cfg.run().gradientChunk());
    state.update(sum.sums(), picked.length, cfg.optim().lr(), cfg.optim().maxGradNorm(), cfg.optim().adam());
    return (System.nanoTime() - t0) / 1e9;
  }

  private static List<Tuple2<StepKey, TaskPayload>> records(Iterator<Tuple2<StepKey, TaskPayload>> it) {
    List<Tuple2<StepKey, TaskPayload>> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Override
  public void close() {
    pool.shutdown();
    executor.close();
    driver.close();
  }
}
