package io.videor1.model.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of a Hugging Face checkpoint directory: {@code model.safetensors}, or shards listed by
 * {@code model.safetensors.index.json}.
 *
 * <p>Names are given in the layout of the released Qwen2.5-VL checkpoints ({@code model.layers.*}, {@code visual.*},
 * {@code lm_head.weight}); files saved by newer transformers ({@code model.language_model.*}, {@code model.visual.*})
 * are mapped to it, see {@link #canonicalName(String)}.
 */
public final class CheckpointReader implements AutoCloseable {
  /** Single-file weights. */
  public static final String SINGLE_FILE = ShardIndex.SINGLE_FILE;
  /** Shard index. */
  public static final String INDEX_FILE = ShardIndex.INDEX_FILE;

  private final Map<String, SafetensorsReader> byName = new LinkedHashMap<>();
  private final Map<String, String> fileName = new LinkedHashMap<>();
  private final Map<String, String> rawName = new LinkedHashMap<>();
  private final List<SafetensorsReader> readers = new ArrayList<>();

  private CheckpointReader(Path dir) throws IOException {
    List<String> files = ShardIndex.read(CheckpointFiles.local(dir)).files(); // shard names confined to dir
    try {
      for (String f : files) {
        SafetensorsReader r = SafetensorsReader.open(dir.resolve(f));
        readers.add(r);
        for (String n : r.names()) {
          String c = canonicalName(n);
          if (byName.put(c, r) != null) {
            throw new IOException("tensor " + c + " appears twice in " + dir);
          }
          fileName.put(c, f);
          rawName.put(c, n);
        }
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Opens a checkpoint directory. */
  public static CheckpointReader open(Path dir) throws IOException {
    return new CheckpointReader(dir);
  }

  /** Maps the newer transformers layout to the released one; other names are unchanged. */
  public static String canonicalName(String name) {
    if (name.startsWith("model.language_model.")) {
      return "model." + name.substring("model.language_model.".length());
    }
    if (name.startsWith("model.visual.")) {
      return name.substring("model.".length());
    }
    return name;
  }

  /** Canonical tensor names. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** True when the checkpoint holds {@code name} (canonical). */
  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  /** The shard file holding {@code name}. */
  public String file(String name) {
    return fileName.get(name);
  }

  /** A tensor by canonical name (read from its shard when used, valid until {@link #close()}). */
  public SafeTensor tensor(String name) throws IOException {
    SafetensorsReader r = byName.get(name);
    if (r == null) {
      throw new IllegalArgumentException("checkpoint has no tensor " + name);
    }
    return r.tensor(rawName.get(name));
  }

  @Override
  public void close() throws IOException {
    for (SafetensorsReader r : readers) {
      r.close();
    }
  }
}
