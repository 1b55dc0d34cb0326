package io.videor1.train.run;

import io.videor1.exec.ExecutorModels;
import io.videor1.model.check.CheckpointValidator;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.io.CheckpointWriter;
import io.videor1.model.io.SafeDType;
import io.videor1.model.lora.LoraAdapter;
import io.videor1.model.lora.MergedExport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * The driver's policy under LoRA: the adapters' starting values and nothing of the base model.
 *
 * <p>The adapters start as {@link LoraAdapter#attach} would start them on a loaded model (A from the seed and the
 * module name, B zero), computed from the base's config.json alone; the trainable state holds them from then on, and
 * this object only their shapes. A checkpoint or the final export writes
 * {@code adapter/} from the trainable state and {@code model/} by {@link MergedExport}: the base's tensors are read one
 * at a time from its files, the adapted ones get their delta, and each is written and freed. The base's files are
 * validated when the run opens, as loading them did, so a bad base still fails before the first step.
 */
public final class LoraDriverPolicy implements DriverPolicy {
  private final ModelSpec spec;
  /** The base checkpoint as a local directory (a remote one is copied once per JVM, to disk). */
  private final Path base;
  private final Qwen25VlConfig config;
  private final long seed;
  private final Map<String, long[]> shapes;
  /** The starting values until the first {@link #initialWeights()} takes them; later calls draw them again. */
  private Map<String, float[]> pending;

  private LoraDriverPolicy(ModelSpec spec, Path base, Qwen25VlConfig config, long seed, LoraAdapter.Weights initial) {
    this.spec = spec;
    this.base = base;
    this.config = config;
    this.seed = seed;
    this.shapes = Collections.unmodifiableMap(initial.shapes());
    this.pending = initial.values();
  }

  /** The adapters of {@code spec} (which must train LoRA) over its starting checkpoint, from {@code seed}. */
  public static LoraDriverPolicy open(ModelSpec spec, long seed, Configuration conf) throws IOException {
    if (spec.lora() == null) {
      throw new IllegalArgumentException("not a LoRA spec: " + spec.describe());
    }
    Path base = ExecutorModels.localDir(spec.initDir(), conf);
    // reads config.json, the tokenizer files and the weight files' headers; no tensor data
    Qwen25VlConfig config = CheckpointValidator.validate(base).config();
    return new LoraDriverPolicy(spec, base, config, seed, LoraAdapter.initialWeights(config, spec.lora(), seed));
  }

  /** The caller owns the arrays: this object keeps no values, the trainable state holds the adapters. */
  @Override
  public synchronized Map<String, float[]> initialWeights() {
    Map<String, float[]> out = pending != null ? pending
        : LoraAdapter.initialWeights(config, spec.lora(), seed).values();
    pending = null;
    return out;
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
    LoraAdapter.Weights adapter = new LoraAdapter.Weights(weights, shapes);
    LoraAdapter.save(dir.resolve("adapter"), spec.lora(), spec.initDir(), adapter);
    MergedExport.write(base, spec.lora(), adapter, dir.resolve("model"), dtype,
        CheckpointWriter.DEFAULT_MAX_SHARD_BYTES);
  }

  @Override
  public void close() {
    // nothing held but Java arrays
  }
}
