package io.videor1.train.run;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import io.videor1.exec.ExecutorModels;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.lora.LoraAdapter;
import io.videor1.model.lora.Trainable;
import io.videor1.train.step.WeightBroadcaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * A trainable copy of the policy: the starting checkpoint, LoRA adapters attached when configured, and the map of
 * trainable parameters by Hugging Face name.
 *
 * <p>Executors keep one per JVM ({@link #forRun}), loaded once per run and brought to each step's weight version by
 * copying the broadcast trainable tensors into it in place; its task threads share it (generation may run
 * concurrently; forward-and-backward runs under {@link ExecutorModels#GRADIENTS}). With full weights the driver builds
 * its own with {@link #load} to read the starting values and to write checkpoints ({@link DriverPolicy}); under LoRA
 * it loads none.
 */
public final class PolicyReplica implements AutoCloseable {
  private static String currentRun;
  /** This JVM's replicas of the current run, one per device its tasks were given. */
  private static final Map<Device, PolicyReplica> CURRENT = new HashMap<>();

  private final VisionLanguageModel vlm;
  private final Device device;
  private final LoraAdapter lora;
  private final Map<String, Parameter> trainable;
  private final Path dir;
  private final VisionLanguageModel.LoadOptions opts;
  private VisionLanguageModel reference;
  private long version = Long.MIN_VALUE;

  private PolicyReplica(VisionLanguageModel vlm, Device device, LoraAdapter lora, Map<String, Parameter> trainable,
      Path dir, VisionLanguageModel.LoadOptions opts) {
    this.vlm = vlm;
    this.device = device;
    this.lora = lora;
    this.trainable = trainable;
    this.dir = dir;
    this.opts = opts;
  }

  /**
   * Loads the starting checkpoint of {@code spec} through {@code conf} onto {@code device} in {@code dtype}; LoRA
   * adapters are fresh (A from {@code loraSeed}, B zero).
   */
  public static PolicyReplica load(ModelSpec spec, long loraSeed, Configuration conf, Device device, DataType dtype)
      throws IOException {
    Path dir = ExecutorModels.localDir(spec.initDir(), conf);
    VisionLanguageModel.LoadOptions opts = new VisionLanguageModel.LoadOptions(dtype, device);
    VisionLanguageModel vlm = VisionLanguageModel.load(dir, opts);
    try {
      LoraAdapter lora = spec.lora() == null ? null : LoraAdapter.attach(vlm.model(), spec.lora(), loraSeed);
      Map<String, Parameter> trainable = Trainable.apply(vlm.model(), lora, spec.freeze());
      return new PolicyReplica(vlm, device, lora, trainable, dir, opts);
    } catch (RuntimeException e) {
      vlm.close();
      throw e;
    }
  }

  /**
   * This JVM's replica for run {@code runKey} on {@code device} at weight {@code version}: loaded on first use
   * (closing another run's), then updated in place from {@code weights} whenever the version changes. Tasks given
   * different GPUs get a replica each.
   */
  public static PolicyReplica forRun(String runKey, ModelSpec spec, long version, WeightBroadcaster.Snapshot weights,
      Configuration conf, Device device) throws IOException {
    PolicyReplica r;
    synchronized (PolicyReplica.class) {
      if (!runKey.equals(currentRun)) {
        release();
        currentRun = runKey;
      }
      r = CURRENT.get(device);
      if (r == null) {
        r = load(spec, 0L, conf, device, spec.computeDtype());
        CURRENT.put(device, r);
      }
    }
    r.sync(version, weights);
    return r;
  }

  /** Closes this JVM's replicas (tests, and the end of a run in local mode). */
  public static synchronized void release() {
    CURRENT.values().forEach(PolicyReplica::close);
    CURRENT.clear();
    currentRun = null;
  }

  /** Brings this replica to weight version {@code v} (a no-op when it is there). */
  public synchronized void sync(long v, WeightBroadcaster.Snapshot weights) {
    if (v == version) {
      return;
    }
    weights.copyInto(trainable);
    version = v;
  }

  /** The model. */
  public VisionLanguageModel vlm() {
    return vlm;
  }

  /**
   * The frozen starting model that the KL term compares with, built on first use. Under LoRA it is this model itself,
   * read with its adapters off ({@code Linear.withAdaptersOff}); with full weights it shares every frozen array of
   * this model and holds its own copy of the starting values of the trainable ones only
   * ({@link VisionLanguageModel#sharing}): with 7B's head alone trained, 1.1 GB in float16 instead of a second model.
   */
  public synchronized VisionLanguageModel reference() throws IOException {
    if (lora != null) {
      return vlm;
    }
    if (reference == null) {
      reference = VisionLanguageModel.sharing(vlm, dir, opts, trainable.keySet());
    }
    return reference;
  }

  /** The device it lives on. */
  public Device device() {
    return device;
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
  public synchronized void close() {
    if (reference != null) {
      reference.close(); // first: it reads this model's arrays
      reference = null;
    }
    vlm.close();
  }
}
