package io.videor1.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.app.VideoR1;
import io.videor1.conf.ConfigError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** conf/synth.conf resolves to one validated record; mistakes name the key, before anything is written. */
class SynthConfigTest {
  private static String error(String... sets) {
    String[] all = new String[sets.length + 1];
    all[0] = "synth.out=o";
    System.arraycopy(sets, 0, all, 1, sets.length);
    return assertThrows(ConfigError.class, () -> SynthRuns.config(all)).getMessage();
  }

  @Test
  void defaultsGiveTwoThousandTrainAndTwoHundredTestSamplesOfSixteenSampledFrames() {
    SynthConfig c = SynthRuns.config("synth.out=o");
    assertEquals(2000, c.train());
    assertEquals(200, c.test());
    assertEquals(16, c.frames());
    assertEquals(2.0, c.fps());
    assertEquals("auto", c.codec());
    assertArrayEquals(TruthAnswerer.identity(16), c.beatFrames(), "at 2 fps Video-R1 samples every frame");
    assertEquals(1.0, c.shares().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
  }

  @Test
  void mistakesNameTheKeyAndWhatIsAllowed() {
    String m = error("synth.frame=3");
    assertTrue(m.contains("unknown configuration key 'synth.frame'") && m.contains("synth.frames"), m);
    assertTrue(error("synth.frames=6").contains("synth.frames must be long enough"), error("synth.frames=6"));
    assertTrue(error("synth.width=63").contains("synth.width must be an even number 64 to 1024"));
    assertTrue(error("synth.noise=99").contains("synth.noise must be 0 to 64"));
    assertTrue(error("synth.cot_sentences=0").contains("synth.cot_sentences must be 1 to 8"));
    assertTrue(error("synth.share.ocr=-1").contains("synth.share.ocr must be >= 0"));
    assertTrue(error("synth.preset=demo", "synth.cot_recap=true", "synth.cot_asked_first=true")
        .contains("synth.cot_asked_first must be false when synth.cot_recap is true"));
    assertTrue(error("synth.cot_asked_first=true").contains("synth.cot_asked_first must be false for the standard suite"));
    assertTrue(error("synth.cot_recap=true").contains("synth.cot_recap must be false for the standard suite"),
        error("synth.cot_recap=true"));
    assertTrue(error("synth.train=many").contains("synth.train has type STRING"), error("synth.train=many"));
    String none = error("synth.share.multiple_choice=0", "synth.share.numerical=0", "synth.share.regression=0",
        "synth.share.ocr=0", "synth.share.free_form=0", "synth.share.image=0");
    assertTrue(none.contains("synth.share must be a positive share"), none);
    assertTrue(assertThrows(ConfigError.class, () -> SynthRuns.config()).getMessage().contains("synth.out"));
  }

  @Test
  void theCommandRejectsAMissingEncoderBeforeWritingAnything() throws Exception {
    Path out = SynthRuns.scratch("no-encoder");
    assertEquals(2, VideoR1.execute("synth", "--out", out.toString(), "--train", "2", "--set", "synth.codec=libx264"));
    assertEquals(2, VideoR1.execute("synth", "--out", out.toString(), "--set", "synth.bogus=1"));
    assertFalse(Files.exists(out.resolve("train.json")));
    assertFalse(Files.exists(out.resolve("train")));
  }

  @Test
  void theCommandMapsItsOptionsToKeys() throws Exception {
    Path out = SynthRuns.scratch("command");
    assertEquals(0, VideoR1.execute("synth", "--out", out.toString(), "--train", "3", "--test", "1", "--seed", "9"));
    assertEquals(3, SynthRuns.array(out.resolve("train.json")).size());
    assertEquals(1, SynthRuns.array(out.resolve("test.json")).size());
    String summary = Files.readString(out.resolve("_synth.json"));
    assertTrue(summary.contains("\"seed\" : 9"), summary);
  }
}
