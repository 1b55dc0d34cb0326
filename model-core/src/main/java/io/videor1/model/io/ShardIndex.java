package io.videor1.model.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which safetensors files hold a checkpoint's weights: {@code model.safetensors}, or the shards that
 * {@code model.safetensors.index.json} names. Shard names must be plain file names of the folder, so an index naming
 * {@code ../x.safetensors} or an absolute path is refused before anything is opened.
 *
 * @param files the weight files in name order
 * @param weightMap tensor name → shard, empty for a single file
 */
public record ShardIndex(List<String> files, Map<String, String> weightMap) {
  /** Single-file weights. */
  public static final String SINGLE_FILE = "model.safetensors";
  /** Shard index. */
  public static final String INDEX_FILE = "model.safetensors.index.json";

  /** Reads the index of {@code files}' folder. */
  public static ShardIndex read(CheckpointFiles files) throws IOException {
    if (!files.isFile(INDEX_FILE)) {
      if (!files.isFile(SINGLE_FILE)) {
        throw new InvalidCheckpointException(files.location(), "weights", "holds neither " + SINGLE_FILE + " nor "
            + INDEX_FILE);
      }
      return new ShardIndex(List.of(SINGLE_FILE), Map.of());
    }
    String where = files.path(INDEX_FILE);
    JsonElement root = StrictJson.parse(where, files.readString(INDEX_FILE));
    JsonElement map = root.isJsonObject() ? root.getAsJsonObject().get("weight_map") : null;
    if (map == null || !map.isJsonObject()) {
      throw new InvalidCheckpointException(where, "weight_map", "must be an object of tensor name → shard file");
    }
    Map<String, String> weightMap = new LinkedHashMap<>();
    TreeSet<String> shards = new TreeSet<>();
    for (Map.Entry<String, JsonElement> e : ((JsonObject) map).entrySet()) {
      JsonElement v = e.getValue();
      if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
        throw new InvalidCheckpointException(where, "weight_map." + e.getKey(), "must name a shard file");
      }
      String shard = CheckpointFiles.plainName(v.getAsString(), where);
      weightMap.put(e.getKey(), shard);
      shards.add(shard);
    }
    if (shards.isEmpty()) {
      throw new InvalidCheckpointException(where, "weight_map", "names no shard");
    }
    for (String s : shards) {
      if (!files.isFile(s)) {
        throw new InvalidCheckpointException(where, s, "shard file is missing from " + files.location());
      }
    }
    return new ShardIndex(List.copyOf(new ArrayList<>(shards)), Map.copyOf(weightMap));
  }
}
