package io.videor1.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.config.PreprocessorConfig;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.io.CheckpointWriter;
import io.videor1.model.io.SafeDType;
import io.videor1.model.io.SafeTensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a random checkpoint laid out as a Hugging Face download: config.json with {@code torch_dtype}, the tokenizer
 * and preprocessor files, and the weights in {@code dtype} as {@code model-0000i-of-0000n.safetensors} shards with
 * {@code model.safetensors.index.json} (HF's own names, module order, untied {@code lm_head} when the config says so).
 *
 * <p>Why not {@link VisionLanguageModel#random} and {@code save}: that holds the whole model in float32 first (5.6 GB
 * for {@code 7b-slice}, and the allocator keeps it resident), so the process writing the checkpoint would need more
 * memory than the run that is to be measured on it. Here every tensor is drawn a chunk at a time while its shard is
 * written, so the writer holds one 64 MB chunk. Values follow {@code ModelWeights.initRandom}'s scheme (N(0, std²)
 * from a generator seeded by the seed and the name, norms 1, biases 0), rounded to {@code dtype}.
 *
 * <pre>java -cp &lt;model-core test classpath&gt; io.videor1.model.HfSliceCheckpoint DIR [preset=7b-slice]
 *     [dtype=bf16] [shard_bytes=1000000000] [seed=1] [std=0.02]</pre>
 */
public final class HfSliceCheckpoint {
  private HfSliceCheckpoint() {}

  /** Writes the checkpoint; arguments after the directory are key=value pairs. */
  public static void main(String[] args) throws IOException {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      a.put(kv[0], kv[1]);
    }
    Qwen25VlConfig config = ModelPresets.byName(a.getOrDefault("preset", "7b-slice"));
    SafeDType dtype = SafeDType.valueOf(a.getOrDefault("dtype", "bf16").toUpperCase(java.util.Locale.ROOT));
    long t0 = System.nanoTime();
    List<String> files = write(Path.of(args[0]), config, dtype,
        Long.parseLong(a.getOrDefault("shard_bytes", "1000000000")), Long.parseLong(a.getOrDefault("seed", "1")),
        Double.parseDouble(a.getOrDefault("std", "0.02")));
    System.out.printf("wrote %s in %.0f s: %s%n", args[0], (System.nanoTime() - t0) / 1e9, files);
  }

  /**
   * Writes a random {@code config} model to {@code dir}.
   *
   * @return the weight files written (shards and index, or the single file)
   */
  public static List<String> write(Path dir, Qwen25VlConfig config, SafeDType dtype, long maxShardBytes, long seed,
      double std) throws IOException {
    TinyCheckpoints.tokenizerDir(dir, config.text().vocabSize());
    VisionLanguageModel.writeConfigFiles(dir, config, PreprocessorConfig.read(dir), dir, dtype);
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
    long[] next = {0}; // the element the generator is at
    return SafeTensor.of(dtype, shape, (off, dst) -> {
      long from = off / dtype.size();
      int n = dst.remaining() / dtype.size();
      if (from != next[0]) {
        rng[0] = new SplittableRandom(rngSeed);
        for (long i = 0; i < from; i++) {
          gaussian(rng[0]);
        }
      }
      float[] f = new float[n];
      for (int i = 0; i < n; i++) {
        f[i] = ones ? 1f : zeros ? 0f : (float) (gaussian(rng[0]) * std);
      }
      next[0] = from + n;
      SafeTensor.encode(f, 0, n, dtype, dst);
    });
  }

  /** A standard normal variate (Box-Muller), as {@code ModelWeights.gaussian}. */
  private static double gaussian(SplittableRandom r) {
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
