package io.videor1.model;

import io.videor1.model.config.ModelPresets;
import io.videor1.model.io.SafeDType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the checkpoint the 7B-recipe memory targets are measured on ({@link RandomCheckpoint}): by default 7b-slice
 * (Qwen2.5-VL-7B's widths, 1 decoder layer, 1 vision block) in bf16 shards of at most 1 GB with an index, as a
 * Hugging Face download is laid out; 0.5 GB resident while it writes the 2.78 GB.
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
    long t0 = System.nanoTime();
    List<String> files = RandomCheckpoint.write(Path.of(args[0]),
        ModelPresets.byName(a.getOrDefault("preset", "7b-slice")),
        SafeDType.valueOf(a.getOrDefault("dtype", "bf16").toUpperCase(Locale.ROOT)),
        Long.parseLong(a.getOrDefault("shard_bytes", "1000000000")), Long.parseLong(a.getOrDefault("seed", "1")),
        Double.parseDouble(a.getOrDefault("std", "0.02")));
    System.out.printf("wrote %s in %.0f s: %s%n", args[0], (System.nanoTime() - t0) / 1e9, files);
  }
}
