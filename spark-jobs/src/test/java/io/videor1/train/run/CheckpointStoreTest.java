package io.videor1.train.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints on a real Hadoop (local) FileSystem: whole or absent, newest whole one wins, pruning. */
class CheckpointStoreTest {
  private static CheckpointStore.Contents file(String text) {
    return (fs, dir) -> {
      try (OutputStream o = fs.create(new org.apache.hadoop.fs.Path(dir, "weights.txt"))) {
        o.write(text.getBytes(StandardCharsets.UTF_8));
      }
    };
  }

  @Test
  void aSaveThatDiesLeavesThePreviousCheckpointAsTheNewest(@TempDir Path dir) throws Exception {
    CheckpointStore store = new CheckpointStore(dir.toString(), new Configuration());
    assertTrue(store.latest().isEmpty());
    store.save(10, file("ten"), 0);
    store.save(20, file("twenty"), 0);
    assertThrows(
        IOException.class,
        () -> store.save(30, (fs, d) -> {
          file("thirty, half written").writeTo(fs, d);
          throw new IOException("killed");
        }, 0));
    CheckpointStore.Checkpoint latest = store.latest().orElseThrow();
    assertEquals(20, latest.step());
    assertEquals("twenty", Files.readString(Path.of(latest.dir().toUri()).resolve("weights.txt")));
    try (var s = Files.list(dir)) {
      assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("_tmp-step-00000030")), "the torn save is left");
    }
    store.save(30, file("thirty"), 2);
    assertEquals(2, store.list().size(), "keep=2 pruned step 10");
    try (var s = Files.list(dir)) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith("_tmp-")), "the next save cleared the torn one");
    }
    assertEquals(30, store.latest().orElseThrow().step());
  }

  @Test
  void aDirectoryWithoutTheMarkerIsNotACheckpoint(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("step-00000050"));
    CheckpointStore store = new CheckpointStore(dir.toString(), new Configuration());
    assertTrue(store.latest().isEmpty());
  }
}
