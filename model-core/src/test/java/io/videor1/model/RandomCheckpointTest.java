package io.videor1.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.model.check.CheckpointValidator;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.io.CheckpointReader;
import io.videor1.model.io.SafeDType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RandomCheckpoint} (what writes the 7b-slice checkpoint the memory targets are measured on) writes
 * what a random model saved whole would, without holding it: the same files, byte for byte, sharded with an index.
 */
class RandomCheckpointTest {
  @TempDir Path tmp;

  @Test
  void streamedCheckpointIsTheRandomModelSavedWhole() throws Exception {
    long shard = 60_000; // several shards for the tiny preset, as a 7B download has
    List<String> files = RandomCheckpoint.write(tmp.resolve("streamed"), ModelPresets.tiny(), SafeDType.BF16, shard,
        5, 0.02);
    assertTrue(files.contains(CheckpointReader.INDEX_FILE), "sharded with an index: " + files);
    try (VisionLanguageModel whole = TinyCheckpoints.random(tmp.resolve("tok"), ModelPresets.tiny(), 5, 0.02)) {
      whole.save(tmp.resolve("whole"), SafeDType.BF16, shard);
    }
    for (String f : files) {
      assertArrayEquals(Files.readAllBytes(tmp.resolve("whole").resolve(f)),
          Files.readAllBytes(tmp.resolve("streamed").resolve(f)), f);
    }
    assertArrayEquals(Files.readAllBytes(tmp.resolve("whole/config.json")),
        Files.readAllBytes(tmp.resolve("streamed/config.json")));
    CheckpointValidator.validate(tmp.resolve("streamed")); // what inspect and loading check
  }
}
