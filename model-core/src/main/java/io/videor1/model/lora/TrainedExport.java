package io.videor1.model.lora;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.check.CheckpointSummary;
import io.videor1.model.check.CheckpointValidator;
import io.videor1.model.config.ConfigFiles;
import io.videor1.model.io.CheckpointReader;
import io.videor1.model.io.CheckpointWriter;
import io.videor1.model.io.SafeDType;
import io.videor1.model.io.SafeTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A full-weights run's model without the model: which tensors train, their starting values, and {@code model/}
 * written from the starting checkpoint's files tensor by tensor, each trained tensor from the driver's float32 master
 * weights and every other one from the files.
 *
 * <p>Why: the driver used to load the whole model in float32 to start the trainable tensors and to save checkpoints,
 * 4 bytes per parameter beside the trainable state's 16 per trained one. With most of a model frozen (only
 * {@code lm_head} trains, say) that copy was the larger part of the driver: 5.6 GB of a 7B-wide slice whose head is
 * 2.2 GB. The result is the same file, byte for byte, as {@code VisionLanguageModel.save} of the loaded model with the
 * trained values copied in: names, order, sharding and config files as there, the frozen tensors widened to float32
 * as loading does (exact) and rounded to the checkpoint's dtype by the same encoder.
 */
public final class TrainedExport {
  private TrainedExport() {}

  /** The tensors a full-weights run with {@code freeze} trains, in the model's order, with their shapes. */
  public static Map<String, long[]> trainableShapes(Path baseDir, List<String> freeze) throws IOException {
    CheckpointSummary checked = CheckpointValidator.validate(baseDir);
    try (NDManager root = NDManager.newBaseManager(Device.cpu())) {
      // Names and shapes only: constructing the blocks allocates no parameter array.
      Qwen25VlModel shape = new Qwen25VlModel(checked.config(), root);
      Map<String, long[]> out = new LinkedHashMap<>();
      for (String n : Trainable.fullWeightNames(shape, freeze)) {
        out.put(n, shape.shapes().get(n).getShape());
      }
      return out;
    }
  }

  /** The starting float32 values of {@code names} read from {@code baseDir}'s files (widened as loading does). */
  public static Map<String, float[]> read(Path baseDir, Iterable<String> names) throws IOException {
    Map<String, float[]> out = new LinkedHashMap<>();
    try (CheckpointReader r = CheckpointReader.open(baseDir)) {
      for (String n : names) {
        out.put(n, r.tensor(n).toFloats());
      }
    }
    return out;
  }

  /**
   * Writes {@code baseDir} with {@code trained} in place of its tensors of those names to {@code out} in {@code dtype}.
   *
   * @param trained float32 values by tensor name; every name must be a tensor of the model with as many elements
   * @param maxShardBytes shard limit ({@link CheckpointWriter#DEFAULT_MAX_SHARD_BYTES})
   * @return the weight files written
   */
  public static List<String> write(Path baseDir, Map<String, float[]> trained, Path out, SafeDType dtype,
      long maxShardBytes) throws IOException {
    CheckpointSummary checked = CheckpointValidator.validate(baseDir); // what loading the base checked
    try (NDManager root = NDManager.newBaseManager(Device.cpu());
        CheckpointReader r = CheckpointReader.open(baseDir)) {
      Qwen25VlModel shape = new Qwen25VlModel(checked.config(), root);
      List<String> names = new ArrayList<>(shape.parameters().keySet());
      Map<String, Shape> shapes = shape.shapes();
      MergedExport.check(names, shapes, r);
      for (Map.Entry<String, float[]> e : trained.entrySet()) {
        Shape s = shapes.get(e.getKey());
        if (s == null || s.size() != e.getValue().length) {
          throw new IllegalArgumentException("trained tensor " + e.getKey() + " with " + e.getValue().length
              + " values is not a tensor of the model" + (s == null ? "" : " (shape " + s + ")"));
        }
      }
      Map<String, Long> sizes = new LinkedHashMap<>();
      for (String n : names) {
        sizes.put(n, shapes.get(n).size() * dtype.size());
      }
      ConfigFiles.write(out, checked.config(), checked.preprocessor(), baseDir, dtype);
      float[][] scratch = new float[1][]; // the writer asks for one tensor's bytes at a time, in order
      return CheckpointWriter.write(out, names, sizes, n -> {
        float[] v = trained.get(n);
        return v != null ? SafeTensor.ofFloats(v, shapes.get(n).getShape(), dtype)
            : MergedExport.converted(r.tensor(n), dtype, scratch);
      }, maxShardBytes);
    }
  }
}
