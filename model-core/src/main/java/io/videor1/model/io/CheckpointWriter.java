package io.videor1.model.io;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes model weights in the Hugging Face layout: one {@code model.safetensors}, or when larger than the shard
 * limit {@code model-0000i-of-0000n.safetensors} shards with {@code model.safetensors.index.json}.
 *
 * <p>Tensors are produced one shard at a time by the caller's function, so a 7B model never has to sit in memory as a
 * second copy.
 */
public final class CheckpointWriter {
  /** The default shard limit, Hugging Face's {@code max_shard_size="5GB"}. */
  public static final long DEFAULT_MAX_SHARD_BYTES = 5_000_000_000L;

  private CheckpointWriter() {}

  /** Produces the tensor for a name when its shard is written. */
  @FunctionalInterface
  public interface TensorSource {
    /** The tensor named {@code name}. */
    SafeTensor get(String name) throws IOException;
  }

  /**
   * Writes {@code names} (each with its size in bytes) to {@code dir}.
   *
   * @return the files written
   */
  public static List<String> write(Path dir, List<String> names, Map<String, Long> byteSizes, TensorSource source,
      long maxShardBytes) throws IOException {
    Files.createDirectories(dir);
    List<List<String>> shards = new ArrayList<>();
    List<String> current = new ArrayList<>();
    long size = 0;
    long total = 0;
    for (String n : names) {
      long s = byteSizes.get(n);
      if (!current.isEmpty() && size + s > maxShardBytes) {
        shards.add(current);
        current = new ArrayList<>();
        size = 0;
      }
      current.add(n);
      size += s;
      total += s;
    }
    if (!current.isEmpty() || shards.isEmpty()) {
      shards.add(current);
    }
    Map<String, String> meta = Map.of("format", "pt");
    List<String> files = new ArrayList<>();
    JsonObject weightMap = new JsonObject();
    for (int i = 0; i < shards.size(); i++) {
      String file = shards.size() == 1 ? CheckpointReader.SINGLE_FILE
          : String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
      Map<String, SafeTensor> tensors = new LinkedHashMap<>();
      for (String n : shards.get(i)) {
        tensors.put(n, source.get(n));
        weightMap.addProperty(n, file);
      }
      SafetensorsWriter.write(dir.resolve(file), tensors, meta);
      files.add(file);
    }
    Files.deleteIfExists(dir.resolve(shards.size() == 1 ? CheckpointReader.INDEX_FILE : CheckpointReader.SINGLE_FILE));
    if (shards.size() > 1) {
      JsonObject index = new JsonObject();
      JsonObject m = new JsonObject();
      m.addProperty("total_size", total);
      index.add("metadata", m);
      index.add("weight_map", weightMap);
      Files.writeString(dir.resolve(CheckpointReader.INDEX_FILE),
          new GsonBuilder().setPrettyPrinting().create().toJson(index) + "\n", StandardCharsets.UTF_8);
      files.add(CheckpointReader.INDEX_FILE);
    }
    return files;
  }
}
