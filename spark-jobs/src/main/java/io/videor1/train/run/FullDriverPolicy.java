package io.videor1.train.run;

import io.videor1.exec.ExecutorModels;
import io.videor1.model.check.CheckpointValidator;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.io.CheckpointWriter;
import io.videor1.model.io.SafeDType;
import io.videor1.model.lora.TrainedExport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * The driver's policy with full weights (some modules maybe frozen): the names and shapes of the tensors that train,
 * their starting values read from the checkpoint's files, and nothing else of the model.
 *
 * <p>The trainable state holds the float32 master weights from the first step on; a checkpoint or the final export
 * writes {@code model/} by {@link TrainedExport}: the starting checkpoint's tensors one at a time, the trained ones
 * from the state. With {@code train.freeze = visual,model} on 7B's widths (only {@code lm_head}, 545 M values,
 * trains) the driver so holds the state's 8.7 GB and not also the 30 GB float32 model it used to load.
 */
final class FullDriverPolicy implements DriverPolicy {
  /** The starting checkpoint as a local directory (a remote one is copied once per JVM, to disk). */
  private final Path base;
  private final Qwen25VlConfig config;
  private final Map<String, long[]> shapes;
  private final Set<String> frozen;

  private FullDriverPolicy(Path base, Qwen25VlConfig config, Map<String, long[]> shapes, Set<String> frozen) {
    this.base = base;
    this.config = config;
    this.shapes = Collections.unmodifiableMap(shapes);
    this.frozen = frozen;
  }

  /** The trainable tensors of {@code spec} (full weights) over its starting checkpoint. */
  static FullDriverPolicy open(ModelSpec spec, Configuration conf) throws IOException {
    if (spec.lora() != null) {
      throw new IllegalArgumentException("a LoRA spec: " + spec.describe());
    }
    Path base = ExecutorModels.localDir(spec.initDir(), conf);
    // reads config.json, the tokenizer files and the weight files' headers: a bad base fails before the first step
    Qwen25VlConfig config = CheckpointValidator.validate(base).config();
    Map<String, long[]> shapes = TrainedExport.trainableShapes(base, spec.freeze());
    if (shapes.isEmpty()) {
      throw new IllegalArgumentException("train.freeze " + spec.freeze() + " freezes every tensor of " + spec.initDir()
          + ": nothing would train");
    }
    return new FullDriverPolicy(base, config, shapes, Set.copyOf(spec.freeze()));
  }

  /** Read from the files at each call: the caller owns the arrays, the trainable state holds them from then on. */
  @Override
  public Map<String, float[]> initialWeights() {
    try {
      return TrainedExport.read(base, shapes.keySet());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("reading the trainable tensors of " + base, e);
    }
  }

  @Override
  public Map<String, long[]> shapes() {
    return shapes;
  }

  @Override
  public Set<String> heldTensors() {
    return Set.of();
  }

  @Override
  public SafeDType baseDtype() {
    return DriverPolicy.ownDtype(config);
  }

  @Override
  public void writeModel(Path dir, Map<String, float[]> weights, SafeDType dtype) throws IOException {
    if (!weights.keySet().equals(shapes.keySet())) {
      throw new IllegalArgumentException("the trainable state holds " + weights.keySet() + ", the run trains "
          + shapes.keySet() + " (frozen: " + frozen + ")");
    }
    TrainedExport.write(base, weights, dir.resolve("model"), dtype, CheckpointWriter.DEFAULT_MAX_SHARD_BYTES);
  }

  @Override
  public void close() {
    // nothing held but Java arrays
  }
}
