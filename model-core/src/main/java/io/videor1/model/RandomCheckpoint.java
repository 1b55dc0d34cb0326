package io.videor1.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.config.PreprocessorConfig;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.io.CheckpointWriter;
import io.videor1.model.io.SafeDType;
import io.videor1.model.io.SafeTensor;
import io.videor1.model.tokenizer.ByteTokenizerFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a random checkpoint of a preset laid out as a Hugging Face download: config.json with {@code torch_dtype},
 * the byte-level tokenizer and preprocessor files, and the weights in a given dtype, sharded with
 * {@code model.safetensors.index.json} above the shard limit (HF's names, module order, untied {@code lm_head} when
 * the config says so).
 *
 * <p>Why not {@link VisionLanguageModel#random} and {@code save}: that holds the whole model in float32 first (5.6 GB
 * for {@code 7b-slice}, which the allocator keeps resident), more than a run measured on the checkpoint may need.
 * Here every tensor is drawn a chunk at a time while its shard is written, so the writer holds one 64 MB chunk. The
 * values are {@code ModelWeights.initRandom}'s (N(0, std²) from a generator seeded by the seed and the name, norms 1,
 * biases 0) rounded to the dtype: the files equal those of the random model saved whole.
 */
public final class RandomCheckpoint {
  private RandomCheckpoint() {}

  /**
   * Writes a random {@code config} model to {@code dir}.
   *
   * @return the weight files written (shards and index, or the single file)
   */
  public static List<String> write(Path dir, Qwen25VlConfig config, SafeDType dtype, long maxShardBytes, long seed,
      double std) throws IOException {
    ByteTokenizerFiles.write(dir, config.text().vocabSize());
    PreprocessorConfig preprocessor = PreprocessorConfig.qwen25vl();
    preprocessor.write(dir);
    VisionLanguageModel.writeConfigFiles(dir, config, preprocessor, dir, dtype);
    try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
      Qwen25VlModel shape = new Qwen25VlModel(config, m); // names and shapes only: no parameter array is allocated
      Map<String, Shape> shapes = shape.shapes();
      List<String> names = new ArrayList<>(shape.parameters().keySet());
      Map<String, Long> sizes = new LinkedHashMap<>();
      for (String n : names) {
        sizes.put(n, shapes.get(n).size() * dtype.size());
      }
      return CheckpointWriter.write(dir, names, sizes, n -> tensor(n, shapes.get(n).getShape(), dtype, seed, std),
          maxShardBytes);
    }
  }

  /** One tensor, drawn as its bytes are asked for (in order, as the writer asks; any other order restarts). */
  static SafeTensor tensor(String name, long[] shape, SafeDType dtype, long seed, double std) {
    boolean ones = name.endsWith("norm.weight") || name.endsWith("layernorm.weight") || name.endsWith("norm1.weight")
        || name.endsWith("norm2.weight") || name.endsWith("ln_q.weight");
    boolean zeros = name.endsWith("bias");
    long rngSeed = seed * 0x9E3779B97F4A7C15L ^ name.hashCode();
    SplittableRandom[] rng = {new SplittableRandom(rngSeed)};
    long numel = 1;
    for (long d : shape) {
      numel *= d;
    }
    long last = numel;
    long[] next = {0}; // the element the generator is at
    float[][] buf = new float[1][];
    return SafeTensor.of(dtype, shape, (off, dst) -> {
      long from = off / dtype.size();
      int n = dst.remaining() / dtype.size();
      if (from != next[0]) {
        rng[0] = new SplittableRandom(rngSeed);
        for (long i = 0; i < from; i++) {
          gaussian(rng[0]);
        }
      }
      if (buf[0] == null || buf[0].length < n) {
        buf[0] = new float[n];
      }
      float[] f = buf[0];
      for (int i = 0; i < n; i++) {
        f[i] = ones ? 1f : zeros ? 0f : (float) (gaussian(rng[0]) * std);
      }
      next[0] = from + n;
      SafeTensor.encode(f, 0, n, dtype, dst);
      if (next[0] == last) {
        buf[0] = null; // the tensor is written: its buffer goes
      }
    });
  }

  /** A standard normal variate (Box-Muller), as {@code ModelWeights.gaussian}. */
  private static double gaussian(SplittableRandom r) {
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
