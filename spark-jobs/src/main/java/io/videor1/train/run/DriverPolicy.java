package io.videor1.train.run;

import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.io.SafeDType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * What the driver keeps of the policy besides the trainable state: where the trainable tensors start, and how to write
 * a checkpoint's {@code model/} (and {@code adapter/}) from the state's float32 master weights.
 *
 * <p>Two kinds, neither of which holds the model: with full weights ({@link FullDriverPolicy}) the trainable state
 * holds the tensors that train and {@code model/} is written from the starting checkpoint's files with them in place;
 * under LoRA ({@link LoraDriverPolicy}) the state holds the adapters and the merged model is written from the base's
 * files tensor by tensor. So a driver that trains {@code lm_head} of a 7B model, or 40 M adapter values, holds
 * neither the model nor a second copy of it for the export.
 */
public interface DriverPolicy extends AutoCloseable {

  /** The driver's policy of {@code spec}; LoRA adapters start from {@code loraSeed}. */
  static DriverPolicy open(ModelSpec spec, long loraSeed, Configuration conf) throws IOException {
    if (spec.lora() != null) {
      return LoraDriverPolicy.open(spec, loraSeed, conf);
    }
    return FullDriverPolicy.open(spec, conf);
  }

  /** The starting values of the trainable tensors by name, in the order executors list them. */
  Map<String, float[]> initialWeights();

  /** Their shapes. */
  Map<String, long[]> shapes();

  /**
   * The model tensors this object keeps in memory for the run, besides the trainable state's master weights: none, of
   * either kind (the method stays so that a test can say so).
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
}
