package io.videor1.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.videor1.conf.ConfigError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The planted-shortcut split ({@code --preset demo-shortcut}): the majority-colour cue gives the answer in exactly the
 * configured share of training videos and a wrong option in every test video, the answers stay correct by
 * construction, and the split is the same bytes for a seed. The cue is recounted here from the truth file's beats, not
 * taken from the generator.
 */
class ShortcutSplitTest {
  private static SynthConfig shortcut(String... sets) {
    String[] all = new String[sets.length + 2];
    all[0] = "synth.out=unused";
    all[1] = "synth.preset=demo-shortcut";
    System.arraycopy(sets, 0, all, 2, sets.length);
    return SynthRuns.config(all);
  }

  /** What a viewer who only counts frames per colour answers: the letter of the colour on most beats, null on a tie. */
  private static String majorityLetter(JsonNode record, JsonNode truth) {
    Map<String, Integer> frames = new TreeMap<>();
    for (JsonNode beat : truth.get("beats")) {
      java.util.Set<String> seen = new java.util.TreeSet<>();
      beat.forEach(it -> seen.add(it.get("colour").asText()));
      seen.forEach(c -> frames.merge(c, 1, Integer::sum));
    }
    int most = frames.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    List<String> top = frames.entrySet().stream().filter(e -> e.getValue() == most).map(Map.Entry::getKey).toList();
    if (top.size() != 1) {
      return null;
    }
    for (JsonNode o : record.get("options")) {
      if (o.asText().substring(3).equals(top.get(0))) {
        return o.asText().substring(0, 1);
      }
    }
    throw new AssertionError("the majority colour " + top + " is no option of " + record);
  }

  @Test
  void theCueGivesTheAnswerInExactlyTheConfiguredShareOfEachSplit() {
    for (String[] rates : List.of(new String[] {"0.75", "0.0"}, new String[] {"0.3", "1.0"},
        new String[] {"1.0", "0.5"})) {
      SynthConfig cfg = shortcut("synth.seed=11", "synth.train=400", "synth.test=130",
          "synth.cue_train_rate=" + rates[0], "synth.cue_test_rate=" + rates[1]);
      int[] beatFrames = cfg.beatFrames();
      for (String split : List.of(SamplePlan.TRAIN, SamplePlan.TEST)) {
        int size = split.equals(SamplePlan.TRAIN) ? cfg.train() : cfg.test();
        SampleKind[] kinds = SamplePlan.kinds(cfg, split, size);
        ShortcutCue.Role[] roles = ShortcutCue.roles(cfg, split, kinds);
        int videos = 0;
        int cueRight = 0;
        for (int i = 0; i < size; i++) {
          Scene s = SceneFactory.build(cfg, kinds[i], SamplePlan.sampleRandom(cfg.seed(), split, i), roles[i]);
          SynthSample sample = new SynthSample(split, i, i, kinds[i], s, "./x", "", 0, ShortcutCue.answer(s));
          JsonNode record = SynthRuns.JSON.valueToTree(ManifestWriter.record(sample, false));
          JsonNode truth = SynthRuns.JSON.valueToTree(ManifestWriter.truth(sample, beatFrames, cfg.fps()));
          String where = split + " #" + i + " " + roles[i] + ": " + record;
          int n = s.beats().size();
          assertEquals(s.answer(), TruthAnswerer.answer(record, truth, TruthAnswerer.identity(n)), where);
          assertEquals(s.answerReversed(), TruthAnswerer.answer(record, truth, TruthAnswerer.reversed(n)), where);
          if (!s.video()) {
            assertEquals(ShortcutCue.Role.NONE, roles[i], where);
            assertNull(sample.cueAnswer(), where);
            assertFalse(record.get("truth").has("answer_cue"), where);
            continue;
          }
          videos++;
          String cue = majorityLetter(record, truth);
          assertNotNull(cue, "never a tie: " + where);
          assertEquals(cue, record.get("truth").get("answer_cue").asText(), where);
          assertEquals(cue, truth.get("answer_cue").asText(), where);
          assertEquals(roles[i] == ShortcutCue.Role.AGREES, cue.equals(s.answer()), where);
          if (!cue.equals(s.answer())) {
            assertEquals(s.answerReversed(), cue, "a misleading cue names the other colour shown: " + where);
          }
          cueRight += cue.equals(s.answer()) ? 1 : 0;
        }
        assertEquals(kinds.length - java.util.Arrays.stream(kinds).filter(k -> k == SampleKind.IMAGE).count(),
            videos);
        double rate = cfg.cueRate(split);
        assertEquals((int) Math.floor(rate * videos + 0.5), cueRight, split + " at rate " + rate + " of " + videos);
      }
    }
  }

  @Test
  void theJobReportsTheCueAccuracyPerSplitAndWritesTheSameBytesWithOneThread() throws Exception {
    Path a = SynthRuns.scratch("shortcut-a");
    Path b = SynthRuns.scratch("shortcut-b");
    SynthSummary s = SynthJob.run(shortcut("synth.out=" + a, "synth.seed=5", "synth.train=20", "synth.test=8"), null);
    SynthJob.run(shortcut("synth.out=" + b, "synth.seed=5", "synth.train=20", "synth.test=8", "synth.threads=1"),
        null);
    List<Path> files;
    try (Stream<Path> w = Files.walk(a)) {
      files = w.filter(Files::isRegularFile).map(a::relativize).sorted().toList();
    }
    assertEquals(28 + 6, files.size(), files.toString());
    for (Path f : files) {
      assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f.toString());
    }

    JsonNode cue = SynthRuns.JSON.readTree(a.resolve("_synth.json").toFile()).get("cue");
    assertEquals("majority_colour", cue.get("kind").asText());
    // 20 * 0.75 = 15 training videos, of which round(11.25) = 11 agree; 8 * 0.75 = 6 test videos, none agree.
    assertEquals(15, cue.get("train").get("videos").asInt());
    assertEquals(11, cue.get("train").get("cue_right").asInt());
    assertEquals(11 / 15.0, cue.get("train").get("accuracy").asDouble(), 1e-12);
    assertEquals(6, cue.get("test").get("videos").asInt());
    assertEquals(0, cue.get("test").get("cue_right").asInt());
    assertEquals(0.0, cue.get("test").get("accuracy").asDouble());
    assertTrue(s.line().contains("cue majority_colour answers 0.733 (11/15) of the train videos and 0.000 (0/6) of "
        + "the test videos"), s.line());

    int testVideos = 0;
    for (JsonNode r : SynthRuns.array(a.resolve("test.json"))) {
      if (r.get("data_type").asText().equals("video")) {
        testVideos++;
        String answer = r.get("solution").asText().replaceAll("</?answer>", "");
        assertNotEquals(answer, r.get("truth").get("answer_cue").asText(), "a wrong option in test: " + r);
      }
    }
    assertEquals(6, testVideos);
  }

  @Test
  void thePresetIsTheDemoPlusTheCue() {
    SynthConfig demo = SynthRuns.config("synth.out=unused", "synth.preset=demo");
    SynthConfig shortcut = shortcut();
    assertEquals(SynthConfig.Cue.MAJORITY_COLOUR, shortcut.cue());
    assertEquals(0.75, shortcut.cueTrainRate());
    assertEquals(0.0, shortcut.cueTestRate());
    assertEquals(demo, shortcut("synth.cue=none"), "every other setting is the demo's");
    assertEquals(SynthConfig.Cue.NONE, demo.cue());
  }

  @Test
  void cueMistakesNameTheKey() {
    String m = assertThrows(ConfigError.class, () -> SynthRuns.config("synth.out=o", "synth.cue=majority_colour"))
        .getMessage();
    assertTrue(m.contains("synth.cue must be none for the standard suite"), m);
    m = assertThrows(ConfigError.class, () -> shortcut("synth.cue_train_rate=1.5")).getMessage();
    assertTrue(m.contains("synth.cue_train_rate must be in [0, 1]"), m);
    m = assertThrows(ConfigError.class, () -> shortcut("synth.cue=size")).getMessage();
    assertTrue(m.contains("synth.cue must be none or majority_colour"), m);
    m = assertThrows(ConfigError.class, () -> shortcut("synth.share.multiple_choice=0")).getMessage();
    assertTrue(m.contains("synth.cue must be none when synth.share.multiple_choice is 0"), m);
  }
}
