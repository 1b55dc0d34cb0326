package io.videor1.train.run;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.io.CheckpointWriter;
import io.videor1.model.io.SafeDType;
import io.videor1.model.params.ParamCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * What the driver keeps of the policy besides the trainable state: where the trainable tensors start, and how to write
 * a checkpoint's {@code model/} (and {@code adapter/}) from the state's float32 master weights.
 *
 * <p>Two kinds. With full weights the driver holds the whole model ({@link Full}), which {@code model/} is written
 * from. Under LoRA it holds only the adapters ({@link LoraDriverPolicy}): the base stays in its files, and the merged
 * model is written from them tensor by tensor, so a driver that trains 40 M adapter values of a 7B model needs
 * neither the model nor a second copy of it for the merge.
 */
public interface DriverPolicy extends AutoCloseable {

  /** The driver's policy of {@code spec}; LoRA adapters start from {@code loraSeed}. */
  static DriverPolicy open(ModelSpec spec, long loraSeed, Configuration conf) throws IOException {
    if (spec.lora() != null) {
      return LoraDriverPolicy.open(spec, loraSeed, conf);
    }
    // float32 whatever the executors compute in: these are the master weights
    return new Full(PolicyReplica.load(spec, loraSeed, conf, Device.cpu(), DataType.FLOAT32));
  }

  /** The starting values of the trainable tensors by name, in the order executors list them. */
  Map<String, float[]> initialWeights();

  /** Their shapes. */
  Map<String, long[]> shapes();

  /**
   * The model tensors this object keeps in memory for the run, besides the trainable state's master weights: none
   * under LoRA, the whole model otherwise.
   */
  Set<String> heldTensors();

  /**
   * The dtype of the starting checkpoint's weights ({@code torch_dtype} of its config.json), what {@code model/} is
   * written in when {@code checkpoint_dtype = auto}.
   */
  SafeDType baseDtype();

  /**
   * Writes {@code dir/model} (and {@code dir/adapter} under LoRA) of the trainable tensors {@code weights} over the
   * starting checkpoint, the model's weights in {@code dtype}.
   */
  void writeModel(Path dir, Map<String, float[]> weights, SafeDType dtype) throws IOException;

  @Override
  void close();

  /** A checkpoint's own float type: its {@code torch_dtype} when bfloat16 or float16, else float32. */
  static SafeDType ownDtype(Qwen25VlConfig config) {
    try {
      SafeDType d = SafeDType.ofTorchName(config.torchDtype());
      return d == SafeDType.BF16 || d == SafeDType.F16 ? d : SafeDType.F32;
    } catch (IllegalArgumentException e) {
      return SafeDType.F32;
    }
  }

  /** Full weights (or some frozen): the whole model, which {@code model/} is written from. */
  final class Full implements DriverPolicy {
    private final PolicyReplica policy;

    Full(PolicyReplica policy) {
      this.policy = policy;
    }

    @Override
    public Map<String, float[]> initialWeights() {
      return ParamCodec.toFloats(policy.trainable());
    }

    @Override
    public Map<String, long[]> shapes() {
      Map<String, long[]> s = new LinkedHashMap<>();
      policy.trainable().forEach((n, p) -> s.put(n, p.getArray().getShape().getShape()));
      return s;
    }

    @Override
    public Set<String> heldTensors() {
      return policy.vlm().model().parameters().keySet();
    }

    @Override
    public SafeDType baseDtype() {
      return ownDtype(policy.vlm().model().config());
    }

    @Override
    public void writeModel(Path dir, Map<String, float[]> weights, SafeDType dtype) throws IOException {
      ParamCodec.fromFloats(policy.trainable(), weights);
      policy.vlm().save(dir.resolve("model"), dtype, CheckpointWriter.DEFAULT_MAX_SHARD_BYTES);
    }

    @Override
    public void close() {
      policy.close();
    }
  }
}
