package io.videor1.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.prompt.PromptMeta;
import io.videor1.prompt.Question;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stored frames are checked before a model sees them. */
class FramesCacheTest {
  @Test
  void damagedFramesAreRefusedWithTheRecordNamed() throws Exception {
    PromptMeta m = PromptMeta.builder().setRowKey("rk-7").optFile("file:/f.parquet").setProblemId(7)
        .setQuestion(new Question("Q?", "numerical", List.of(), "video")).optSolution("<answer>1</answer>")
        .optDataSource("synth/x").setSize(2, 3).build();
    byte[][] good = {new byte[18], new byte[18]};
    assertEquals(good, FramesCache.checked(m, good));
    java.io.IOException none = assertThrows(java.io.IOException.class,
        () -> FramesCache.checked(m, new byte[0][]));
    assertEquals("record rk-7 (problem 7) in file:/f.parquet: its frames decode to nothing (0 frames stored)",
        none.getMessage());
    java.io.IOException cut = assertThrows(java.io.IOException.class,
        () -> FramesCache.checked(m, new byte[][] {new byte[18], new byte[5]}));
    assertTrue(cut.getMessage().endsWith("frame 1 holds 5 bytes, not 2x3x3 = 18"), cut.getMessage());
  }
}
