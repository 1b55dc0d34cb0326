package io.videor1.model.check;

import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.io.CheckpointFiles;
import io.videor1.model.io.CheckpointReader;
import io.videor1.model.io.InvalidCheckpointException;
import io.videor1.model.io.SafetensorsHeader;
import io.videor1.model.io.ShardIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the weight files against the config from their headers alone: shard names confined to the folder, every
 * header valid ({@link SafetensorsHeader}), no tensor in two shards or missing from the shard the index names, every
 * tensor the config implies present as a float type with exactly the implied shape, nothing else (a tied checkpoint
 * may carry a copy of {@code lm_head.weight}). Sizes are limited by the files alone: each header's offsets must tile its
 * file's data exactly ({@link SafetensorsHeader}), and a tensor or shard of any size loads (read by ranges).
 */
final class WeightsCheck {
  /** Tensors and shards that passed. */
  record Result(List<CheckpointSummary.TensorInfo> tensors, List<CheckpointSummary.ShardInfo> shards) {}

  private WeightsCheck() {}

  static Result check(CheckpointFiles files, Qwen25VlConfig config) throws IOException {
    ShardIndex index = ShardIndex.read(files);
    Map<String, CheckpointSummary.TensorInfo> byName = new LinkedHashMap<>();
    List<CheckpointSummary.ShardInfo> shards = new ArrayList<>();
    for (String shard : index.files()) {
      String where = files.path(shard);
      long size = files.size(shard);
      SafetensorsHeader h = SafetensorsHeader.read(where, size, (off, len) -> files.read(shard, off, len));
      for (Map.Entry<String, SafetensorsHeader.Entry> e : h.entries().entrySet()) {
        String name = CheckpointReader.canonicalName(e.getKey());
        SafetensorsHeader.Entry t = e.getValue();
        CheckpointSummary.TensorInfo prev = byName.put(name, new CheckpointSummary.TensorInfo(name, shard, t.dtype(),
            t.shape()));
        if (prev != null) {
          throw new InvalidCheckpointException(where, e.getKey(), "also in " + prev.file());
        }
      }
      shards.add(new CheckpointSummary.ShardInfo(shard, size, h.entries().size()));
    }
    for (Map.Entry<String, String> e : index.weightMap().entrySet()) {
      CheckpointSummary.TensorInfo t = byName.get(CheckpointReader.canonicalName(e.getKey()));
      if (t == null || !t.file().equals(e.getValue())) {
        throw new InvalidCheckpointException(files.path(ShardIndex.INDEX_FILE), e.getKey(), "is not in "
            + e.getValue() + (t == null ? "" : " but in " + t.file()));
      }
    }
    Map<String, long[]> expected = WeightShapes.of(config);
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      CheckpointSummary.TensorInfo t = byName.get(e.getKey());
      if (t == null) {
        long missing = expected.keySet().stream().filter(n -> !byName.containsKey(n)).count();
        throw new InvalidCheckpointException(files.location(), e.getKey(), "missing from the weights"
            + (missing > 1 ? " (with " + (missing - 1) + " more tensors config.json implies)" : ""));
      }
      if (!t.dtype().isFloat()) {
        throw new InvalidCheckpointException(files.path(t.file()), e.getKey(), "dtype " + t.dtype()
            + " is not a float type (F32, F16, BF16, F64)");
      }
      if (!Arrays.equals(t.shape(), e.getValue())) {
        throw new InvalidCheckpointException(files.path(t.file()), e.getKey(), "shape " + Arrays.toString(t.shape())
            + " but config.json implies " + Arrays.toString(e.getValue()));
      }
    }
    for (CheckpointSummary.TensorInfo t : byName.values()) {
      boolean tiedCopy = t.name().equals("lm_head.weight") && config.text().tieWordEmbeddings();
      if (!expected.containsKey(t.name()) && !tiedCopy) {
        throw new InvalidCheckpointException(files.path(t.file()), t.name(), "is not a parameter of the model"
            + " config.json describes");
      }
    }
    return new Result(List.copyOf(byName.values()), List.copyOf(shards));
  }
}
