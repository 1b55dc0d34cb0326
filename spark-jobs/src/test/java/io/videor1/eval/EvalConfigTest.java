package io.videor1.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.conf.ConfigError;
import io.videor1.conf.ConfigLoader;
import io.videor1.exec.FrameProbe;
import io.videor1.prompt.PromptStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** conf/eval.conf's probe, preset and prompt keys resolve into EvalConfig; mistakes name the key. */
class EvalConfigTest {
  private static EvalConfig load(String... sets) {
    List<String> all = new ArrayList<>(List.of("eval.bench=b.json", "eval.media_root=m", "eval.model=x", "eval.out=o"));
    all.addAll(Arrays.asList(sets));
    return ConfigLoader.load("eval", all, EvalConfig::from);
  }

  private static String error(String... sets) {
    return assertThrows(ConfigError.class, () -> load(sets)).getMessage();
  }

  @Test
  void defaultsAreTheReferenceEvaluationWithoutProbes() {
    EvalConfig c = load();
    assertEquals(List.of(), c.probes());
    assertEquals("eval", c.curatePreset());
    assertEquals("auto", c.promptStyle());
    // the key runs had before these settings existed, so their answers stay resumable
    assertEquals("frames=16,sampling=" + c.sampling() + ",fps=sample,seed=0,prompt=eval", c.settingsKey(PromptStyle.VIDEO_R1));
  }

  @Test
  void probesPresetAndPromptStyleParse() {
    EvalConfig c = load("eval.probes=shuffled, blank", "eval.curate_preset=demo", "eval.prompt_style=SHORT");
    assertEquals(List.of(FrameProbe.SHUFFLED, FrameProbe.BLANK), c.probes());
    assertEquals("demo", c.curatePreset());
    assertEquals("short", c.promptStyle());
    assertTrue(c.settingsKey(PromptStyle.SHORT).endsWith(",prompt=short,curate=demo"), c.settingsKey(PromptStyle.SHORT));
    assertNotEquals(load().settingsKey(PromptStyle.VIDEO_R1), load("eval.curate_preset=train").settingsKey(PromptStyle.VIDEO_R1));
    assertEquals(load().settingsKey(PromptStyle.VIDEO_R1), load("eval.probes=reversed").settingsKey(PromptStyle.VIDEO_R1),
        "probes add rows to the same answers table, not a new one");
    assertEquals(1, load().promptsPerBatch());
    assertTrue(load("eval.prompts_per_batch=4").settingsKey(PromptStyle.VIDEO_R1).endsWith(",decode=batched"),
        "batched answers may differ in the last bits from answers decoded alone, so they are kept apart");
    assertEquals(load("eval.prompts_per_batch=2").settingsKey(PromptStyle.VIDEO_R1),
        load("eval.prompts_per_batch=8").settingsKey(PromptStyle.VIDEO_R1), "the same answers at any batch above 1");
  }

  @Test
  void mistakesNameTheKey() {
    assertTrue(error("eval.probes=shuffled,upside_down").contains("eval.probes lists 'upside_down'"));
    assertTrue(error("eval.probes=ordered").contains("'ordered' is always evaluated"));
    assertTrue(error("eval.probes=blank,blank").contains("twice"));
    String preset = error("eval.curate_preset=fast");
    assertTrue(preset.contains("eval.curate_preset must be one of [demo, eval, train]"), preset);
    assertTrue(error("eval.prompt_style=long").contains("eval.prompt_style must be auto, video_r1, short or short_question_last"));
    assertTrue(error("eval.prompts_per_batch=0").contains("eval.prompts_per_batch"));
    assertTrue(error("eval.probe=blank").contains("unknown configuration key 'eval.probe'"));
  }
}
