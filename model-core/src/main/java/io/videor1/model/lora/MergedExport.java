package io.videor1.model.lora;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.videor1.model.block.LargeArrays;
import io.videor1.model.block.ModelWeights;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.check.CheckpointSummary;
import io.videor1.model.check.CheckpointValidator;
import io.videor1.model.config.ConfigFiles;
import io.videor1.model.io.CheckpointReader;
import io.videor1.model.io.CheckpointWriter;
import io.videor1.model.io.SafeDType;
import io.videor1.model.io.SafeTensor;
import io.videor1.model.nn.Linear;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a LoRA run's merged model straight from the base checkpoint's files, tensor by tensor: read a tensor, add
 * α/r · B·A when an adapter sits on its layer, write it, free it.
 *
 * <p>Why: the merge used to load the base as a second whole model next to the driver's (two copies of a 7B model in
 * float32, about 60 GB, for a driver that trains 40 M adapter values). Now the most held at once is one adapted
 * projection and its delta. The result is the same file, byte for byte: names, order, sharding and config files as
 * {@code VisionLanguageModel.save}, the base widened to float32 as loading does, and the delta computed by the same
 * engine operations as {@link LoraAdapter#merge} (B·A, times the scale, added to the weight).
 */
public final class MergedExport {
  private MergedExport() {}

  /**
   * Writes {@code baseDir} with {@code adapter} folded in to {@code out} in {@code dtype}.
   *
   * @param adapter float32 values by {@code <module>.lora_A.weight} / {@code .lora_B.weight} ({@link
   *     LoraAdapter.Weights}), for every module {@code lora} adapts
   * @param maxShardBytes shard limit ({@link CheckpointWriter#DEFAULT_MAX_SHARD_BYTES})
   * @return the weight files written
   */
  public static List<String> write(Path baseDir, LoraConfig lora, LoraAdapter.Weights adapter, Path out,
      SafeDType dtype, long maxShardBytes) throws IOException {
    CheckpointSummary checked = CheckpointValidator.validate(baseDir); // what loading the base checked
    try (NDManager root = NDManager.newBaseManager(Device.cpu());
        CheckpointReader r = CheckpointReader.open(baseDir)) {
      // Names, shapes and module order only: constructing the blocks allocates no parameter array.
      Qwen25VlModel shape = new Qwen25VlModel(checked.config(), root);
      Map<String, Linear> targets = LoraAdapter.targets(shape, lora);
      List<String> names = new ArrayList<>(shape.parameters().keySet());
      check(names, shape.shapes(), r);
      Map<String, Long> sizes = new LinkedHashMap<>();
      for (String n : names) {
        sizes.put(n, shape.shapes().get(n).size() * dtype.size());
      }
      ConfigFiles.write(out, checked.config(), checked.preprocessor(), baseDir, dtype);
      float[][] scratch = new float[1][]; // the writer asks for one tensor's bytes at a time, in order
      return CheckpointWriter.write(out, names, sizes, n -> {
        Linear lin = n.endsWith(".weight") ? targets.get(n.substring(0, n.length() - ".weight".length())) : null;
        if (lin == null) {
          return converted(r.tensor(n), dtype, scratch);
        }
        String module = n.substring(0, n.length() - ".weight".length());
        return merged(root, r.tensor(n), values(adapter, module + ".lora_A.weight"),
            values(adapter, module + ".lora_B.weight"), lin, lora, dtype);
      }, maxShardBytes);
    }
  }

  /**
   * The base tensor in {@code dtype}: its own bytes when it is already in {@code dtype} (widening to float32 and
   * rounding back is exact, so they are the bytes the conversion gave, a NaN's payload aside), else read and converted
   * a range at a time when written, through one float buffer for the whole export ({@code scratch}): a chunk of 64 MB
   * used to allocate its own 128 MB float[] and 64 MB byte buffer, garbage that grew the driver's heap by a GB over an
   * export of 7B's shapes.
   */
  static SafeTensor converted(SafeTensor base, SafeDType dtype, float[][] scratch) {
    if (base.dtype() == dtype) {
      return SafeTensor.of(dtype, base.shape(), base::read);
    }
    return SafeTensor.of(dtype, base.shape(), (off, dst) -> {
      int n = dst.remaining() / dtype.size();
      if (scratch[0] == null || scratch[0].length < n) {
        scratch[0] = new float[n];
      }
      base.toFloats(off / dtype.size(), scratch[0], 0, n); // exact widening, as loading into float32 does
      SafeTensor.encode(scratch[0], 0, n, dtype, dst);
    });
  }

  /**
   * W + scale · B·A in {@code dtype}, computed when its first bytes are written and freed after its last. The sum
   * stays in the engine and is encoded from there a range at a time ({@link LargeArrays#toSafe}): the most held is W
   * and the delta (scaled in place), 0.54 GB for 7B's MLP projections, where a scaled copy and a Java copy of the sum
   * used to double that.
   */
  private static SafeTensor merged(NDManager root, SafeTensor base, float[] a, float[] b, Linear lin, LoraConfig lora,
      SafeDType dtype) {
    long bytes = base.numel() * dtype.size();
    NDManager[] held = new NDManager[1];
    SafeTensor[] sum = new SafeTensor[1];
    return SafeTensor.of(dtype, base.shape(), (off, dst) -> {
      if (held[0] == null) {
        held[0] = root.newSubManager();
        sum[0] = LargeArrays.toSafe(mergedArray(held[0], base, a, b, lin, lora), dtype);
      }
      long end = off + dst.remaining();
      sum[0].read(off, dst);
      if (end == bytes) {
        held[0].close();
        held[0] = null;
        sum[0] = null;
      }
    });
  }

  /** W + scale · B·A [out, in] in float32 under {@code m}: LoraAdapter.merge's operations in its order. */
  private static NDArray mergedArray(NDManager m, SafeTensor base, float[] a, float[] b, Linear lin,
      LoraConfig lora) {
    NDArray w = ModelWeights.toNd(m, base, DataType.FLOAT32);
    NDArray aArr = LargeArrays.create(m, a, new Shape(lora.r(), lin.in()));
    NDArray bArr = LargeArrays.create(m, b, new Shape(lin.out(), lora.r()));
    NDArray delta = bArr.matMul(aArr); // [out, in]
    aArr.close();
    bArr.close();
    delta.muli(lora.scale()); // the same kernel as merge's mul, in place
    w.addi(delta);
    delta.close();
    return w;
  }

  private static float[] values(LoraAdapter.Weights adapter, String name) {
    float[] v = adapter.values().get(name);
    if (v == null) {
      throw new IllegalArgumentException("the adapter has no " + name);
    }
    return v;
  }

  /** Refuses a base whose tensors do not match its config, as loading it does ({@link ModelWeights#load}). */
  static void check(List<String> names, Map<String, Shape> shapes, CheckpointReader r) throws IOException {
    List<String> missing = new ArrayList<>();
    for (String n : names) {
      if (!r.contains(n)) {
        missing.add(n);
      } else if (!new Shape(r.tensor(n).shape()).equals(shapes.get(n))) {
        throw new IOException(n + ": checkpoint shape " + Arrays.toString(r.tensor(n).shape()) + ", model "
            + shapes.get(n));
      }
    }
    List<String> unknown = new ArrayList<>(r.names());
    unknown.removeAll(names);
    unknown.remove("lm_head.weight");
    if (!missing.isEmpty() || !unknown.isEmpty()) {
      throw new IOException("checkpoint does not match the config: missing " + missing + ", unknown " + unknown);
    }
  }
}
