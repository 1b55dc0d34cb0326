package io.videor1.train;

import ai.djl.nn.Parameter;
import io.videor1.exec.ExecutorModels;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.lora.LoraAdapter;
import io.videor1.model.lora.Trainable;
import io.videor1.model.params.ParamCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * A trainable copy of the policy: the starting checkpoint, LoRA adapters attached when configured, and the map of
 * trainable parameters by Hugging Face name.
 *
 * <p>Executors keep one per JVM ({@link #forRun}), loaded once per run and brought to each step's weight version by
 * copying the broadcast trainable tensors into it in place; its task threads share it (generation may run
 * concurrently; forward-and-backward runs under {@link ExecutorModels#GRADIENTS}). The driver builds its own with
 * {@link #load} to read the starting values and to write checkpoints.
 */
public final class PolicyReplica implements AutoCloseable {
  private static String currentRun;
  private static PolicyReplica current;

  private final VisionLanguageModel vlm;
  private final LoraAdapter lora;
  private final Map<String, Parameter> trainable;
  private long version = Long.MIN_VALUE;

  private PolicyReplica(VisionLanguageModel vlm, LoraAdapter lora, Map<String, Parameter> trainable) {
    this.vlm = vlm;
    this.lora = lora;
    this.trainable = trainable;
  }

  /** Loads the starting checkpoint of {@code spec}; LoRA adapters are fresh (A from {@code loraSeed}, B zero). */
  public static PolicyReplica load(ModelSpec spec, long loraSeed) throws IOException {
    Path dir = ExecutorModels.localDir(spec.initDir(), new Configuration());
    VisionLanguageModel vlm = VisionLanguageModel.load(dir, VisionLanguageModel.LoadOptions.cpu());
    try {
      LoraAdapter lora = spec.lora() == null ? null : LoraAdapter.attach(vlm.model(), spec.lora(), loraSeed);
      Map<String, Parameter> trainable = Trainable.apply(vlm.model(), lora, spec.freeze());
      return new PolicyReplica(vlm, lora, trainable);
    } catch (RuntimeException e) {
      vlm.close();
      throw e;
    }
  }

  /**
   * This JVM's replica for run {@code runKey} at weight {@code version}: loaded on first use (closing another run's),
   * then updated in place from {@code weights} whenever the version changes.
   */
  public static PolicyReplica forRun(String runKey, ModelSpec spec, long version, WeightBroadcaster.Snapshot weights)
      throws IOException {
    PolicyReplica r;
    synchronized (PolicyReplica.class) {
      if (current == null || !runKey.equals(currentRun)) {
        if (current != null) {
          current.close();
          current = null;
        }
        current = load(spec, 0L);
        currentRun = runKey;
      }
      r = current;
    }
    r.sync(version, weights);
    return r;
  }

  /** Closes this JVM's replica (tests, and the end of a run in local mode). */
  public static synchronized void release() {
    if (current != null) {
      current.close();
      current = null;
      currentRun = null;
    }
  }

  /** Brings this replica to weight version {@code v} (a no-op when it is there). */
  synchronized void sync(long v, WeightBroadcaster.Snapshot weights) {
    if (v == version) {
      return;
    }
    for (byte[] part : weights.parts()) {
      ParamCodec.fromBytes(trainable, part);
    }
    version = v;
  }

  /** The model. */
  public VisionLanguageModel vlm() {
    return vlm;
  }

  /** The LoRA adapter, or null. */
  public LoraAdapter lora() {
    return lora;
  }

  /** The trainable parameters by name, in a fixed order. */
  public Map<String, Parameter> trainable() {
    return trainable;
  }

  /** The trainable parameter names. */
  public List<String> names() {
    return List.copyOf(trainable.keySet());
  }

  @Override
  public void close() {
    vlm.close();
  }
}
