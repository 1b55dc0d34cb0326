package io.videor1.train.sft;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.videor1.exec.EngineFault;
import io.videor1.exec.EngineThreads;
import io.videor1.exec.ExecutorModels;
import io.videor1.exec.HadoopConf;
import io.videor1.exec.TaskDevice;
import io.videor1.model.generate.Seeds;
import io.videor1.model.nn.Scalars;
import io.videor1.model.params.ParamCodec;
import io.videor1.prompt.PromptMeta;
import io.videor1.train.data.FramesCache;
import io.videor1.train.run.ModelSpec;
import io.videor1.train.run.PolicyReplica;
import io.videor1.train.run.RunOptions;
import io.videor1.train.step.GradientAggregator;
import io.videor1.train.step.GradientHandoff;
import io.videor1.train.step.Gradients;
import io.videor1.train.step.StepKey;
import io.videor1.train.step.TaskPayload;
import io.videor1.train.step.WeightBroadcaster;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * The executor side of one SFT step: the summed gradient of the per-sequence token-mean cross-entropy of a
 * partition's records, under the step's weights.
 *
 * <p>Forward and backward of every sequence run under {@link ExecutorModels#GRADIENTS} (one autograd collector per
 * JVM); gradients accumulate on the replica's parameters and are read once, then zeroed.
 */
public final class SftGradientTask implements Serializable {
  /** What a task reports besides its gradient. */
  public record Summary(int sequences, double lossSum, long tokens, double seconds, int threads)
      implements Serializable {}

  private final String runKey;
  private final ModelSpec spec;
  private final SftExample.LossOn lossOn;
  private final RunOptions run;
  private final int step;
  private final Broadcast<WeightBroadcaster.Snapshot> weights;
  private final String handoffJob;
  private final HadoopConf hadoop;
  private final float lossScale;

  /**
   * {@code run}: the seed, gradient chunk and engine threads; {@code handoffJob}: the {@link GradientHandoff} job of
   * this step (local mode), or null; {@code hadoop}: the driver's Hadoop configuration, through which the model and
   * frames are read; {@code lossScale}: the factor of the loss before backward (float16 executors; 1: none).
   */
  public SftGradientTask(String runKey, ModelSpec spec, SftExample.LossOn lossOn, RunOptions run, int step,
      Broadcast<WeightBroadcaster.Snapshot> weights, String handoffJob, HadoopConf hadoop, float lossScale) {
    this.hadoop = hadoop;
    this.lossScale = lossScale;
    this.runKey = runKey;
    this.spec = spec;
    this.lossOn = lossOn;
    this.run = run;
    this.step = step;
    this.weights = weights;
    this.handoffJob = handoffJob;
  }

  /** Runs on one partition of the step's records. */
  public Iterator<Tuple2<StepKey, TaskPayload>> call(int partition, Iterator<PromptMeta> records) throws Exception {
    long t0 = System.nanoTime();
    int threads = EngineThreads.pin(run.threadSetting());
    WeightBroadcaster.Snapshot w = weights.value();
    Device device = TaskDevice.forTask(run.requireGpu());
    PolicyReplica policy = PolicyReplica.forRun(runKey, spec, w.version(), w, hadoop.get(), device);
    List<SftExample> examples = new ArrayList<>();
    List<PromptMeta> metas = new ArrayList<>();
    while (records.hasNext()) {
      PromptMeta m = records.next();
      metas.add(m);
      examples.add(SftExample.build(policy.vlm(), m, FramesCache.frames(m, hadoop.get()), spec, lossOn));
    }
    double lossSum = 0;
    long tokens = 0;
    Map<String, float[]> grads;
    ExecutorModels.GRADIENTS.lock();
    try {
      ParamCodec.zeroGradients(policy.trainable());
      for (int i = 0; i < examples.size(); i++) {
        if (spec.lora() != null && spec.lora().dropout() > 0) {
          Engine.getInstance().setRandomSeed((int) Seeds.derive(run.seed(), step, metas.get(i).problemId()));
        }
        SftExample ex = examples.get(i);
        try (NDManager m = policy.vlm().newManager();
            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray loss = ex.loss(policy.vlm().model(), m, true);
          lossSum += loss.getFloat();
          tokens += ex.targets();
          gc.backward(lossScale == 1f ? loss : loss.mul(Scalars.of(loss, lossScale)));
        } catch (RuntimeException | OutOfMemoryError e) {
          EngineFault.rethrowIfEngine(e, new EngineFault.Call("SFT loss and backward of step " + step + ", record "
              + metas.get(i).promptId(), EngineFault.model(spec.initDir(), policy.vlm()), "1 sequence of "
              + ex.inputs().inputIds().length + " tokens (" + ex.targets() + " targets)", device));
          throw e;
        }
      }
      grads = Gradients.take(policy.trainable());
    } finally {
      ExecutorModels.GRADIENTS.unlock();
    }
    Summary s = new Summary(examples.size(), lossSum, tokens, (System.nanoTime() - t0) / 1e9, threads);
    return GradientAggregator.emit(partition, grads, s, run.gradientChunk(), handoffJob);
  }
}
