package io.videor1.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.curate.CurateConfig;
import io.videor1.media.FrameFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** conf/curate.conf, presets and --set overrides resolve to one validated record; mistakes name the key. */
class CurateConfigTest {
  private static CurateConfig load(String... sets) {
    List<String> all = new ArrayList<>(List.of("curate.manifest=m.json", "curate.media_root=media", "curate.out=out"));
    all.addAll(Arrays.asList(sets));
    return ConfigLoader.load("curate", all, CurateConfig::from);
  }

  private static String error(String... sets) {
    return assertThrows(ConfigError.class, () -> load(sets)).getMessage();
  }

  @Test
  void defaultsAreTheTrainingSetting() {
    CurateConfig c = load();
    assertEquals("train", c.preset());
    assertEquals(16, c.budget().maxFrames());
    assertEquals(105_369.0, c.budget().videoMaxPixelsFor(16), 0.0);
    assertEquals(200_704, c.budget().imageMaxPixels());
    assertEquals(FrameFormat.RAW, c.frameFormat());
  }

  @Test
  void evalPresetAndOverridesOnTop() {
    CurateConfig eval = load("curate.preset=eval");
    assertEquals(200_704, eval.budget().videoMaxPixels());
    assertEquals(16, eval.budget().maxFrames());
    CurateConfig eval64 = load("curate.preset=eval", "curate.max_frames=64");
    assertEquals(64, eval64.budget().maxFrames());
    assertNotEquals(load().paramsHash(), eval.paramsHash());
    assertNotEquals(eval.paramsHash(), eval64.paramsHash());
    assertEquals(load().paramsHash(), load("curate.decoder_threads=2").paramsHash(), "speed knobs are not parameters");
  }

  @Test
  void unknownKeysAreRejectedByName() {
    String m = error("curate.max_frame=8");
    assertTrue(m.contains("unknown configuration key 'curate.max_frame'"), m);
    assertTrue(m.contains("curate.max_frames"), "lists the known keys: " + m);
    assertTrue(error("nonsense").contains("key=value"));
  }

  @Test
  void outOfRangeValuesNameTheKeyAndWhatIsAllowed() {
    assertTrue(error("curate.max_frames=1").contains("curate.max_frames must be 2 to 768"));
    assertTrue(error("curate.jpeg_quality=0").contains("curate.jpeg_quality must be 1 to 100"));
    assertTrue(error("curate.frame_format=gif").contains("curate.frame_format must be one of raw, png, jpeg"));
    assertTrue(error("curate.parquet_compression=brotli").contains("curate.parquet_compression"));
    assertTrue(error("curate.fps=0").contains("curate.fps"));
    assertTrue(error("curate.video_max_pixels=10").contains("curate.video_max_pixels must be >= curate.video_min_pixels"));
    assertTrue(error("curate.preset=fast").contains("unknown preset 'fast'"));
    // Not a path expression either (the fuzzer's find: a bad path made the library throw its own exception).
    assertTrue(error("curate.preset=eva[[").contains("unknown preset 'eva[['"), error("curate.preset=eva[["));
    assertTrue(error("curate.preset=eval.x").contains("unknown preset 'eval.x'"));
    assertTrue(error("curate.preset=").contains("unknown preset ''"));
    assertTrue(error("curate.max_frames=many").contains("max_frames"), error("curate.max_frames=many"));
  }

  @Test
  void requiredPathsMustBeGiven() {
    ConfigError e =
        assertThrows(ConfigError.class, () -> ConfigLoader.load("curate", List.of(), CurateConfig::from));
    assertTrue(e.getMessage().contains("curate.manifest"), e.getMessage());
  }
}
