package io.videor1.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Thousands of scenes, without drawing them, under several settings: every answer is what a viewer of the ground
 * truth computes, forwards and backwards, and every record is well formed.
 */
class SceneFactoryTest {
  private static final List<String[]> SETTINGS = List.of(
      new String[] {},
      new String[] {"synth.frames=32", "synth.fps=4"},
      new String[] {"synth.frames=8", "synth.fps=2", "synth.distractors=8"},
      new String[] {"synth.frames=100", "synth.fps=10", "synth.width=320", "synth.height=240"},
      new String[] {"synth.width=64", "synth.height=96", "synth.distractors=0"});

  @Test
  void everyFamilyIsCorrectByConstructionUnderEverySetting() {
    Set<String> families = new TreeSet<>();
    for (String[] sets : SETTINGS) {
      List<String> all = new ArrayList<>(List.of("synth.out=unused"));
      all.addAll(List.of(sets));
      SynthConfig cfg = SynthRuns.config(all.toArray(new String[0]));
      int[] beatFrames = cfg.beatFrames();
      for (SampleKind kind : SampleKind.values()) {
        for (int i = 0; i < 150; i++) {
          Scene s = SceneFactory.build(cfg, kind, SamplePlan.sampleRandom(3, "train", i * 7 + kind.ordinal()));
          families.add(s.family());
          SynthSample sample = new SynthSample("train", i, i, kind, s, "./x", Thoughts.process(s, 3), 0, null);
          JsonNode record = SynthRuns.JSON.valueToTree(ManifestWriter.record(sample, false));
          JsonNode truth = SynthRuns.JSON.valueToTree(ManifestWriter.truth(sample, beatFrames, cfg.fps()));
          String where = String.join(" ", sets) + " " + kind + " #" + i + ": " + record;
          int n = s.beats().size();
          assertEquals(s.video() ? beatFrames.length : 1, n, where);
          assertEquals(s.answer(), TruthAnswerer.answer(record, truth, TruthAnswerer.identity(n)), where);
          assertEquals(s.answerReversed(), TruthAnswerer.answer(record, truth, TruthAnswerer.reversed(n)), where);
          wellFormed(s, where);
        }
      }
    }
    List<String> expected = new ArrayList<>();
    for (SampleKind k : SampleKind.values()) {
      expected.addAll(SceneFactory.families(k));
    }
    assertEquals(new TreeSet<>(expected), families);
  }

  @Test
  void theDemoSuiteIsCorrectByConstructionWithOneTextAndOneOptionOrderPerFamily() {
    SynthConfig cfg = SynthRuns.config("synth.out=unused", "synth.preset=demo");
    int[] beatFrames = cfg.beatFrames();
    assertEquals(8, beatFrames.length, "4 s at 2 fps: every frame is sampled");
    java.util.Map<String, Set<String>> texts = new java.util.TreeMap<>();
    java.util.Map<String, java.util.Map<String, Integer>> answers = new java.util.TreeMap<>();
    int shuffledKept = 0;
    int videos = 0;
    for (SampleKind kind : List.of(SampleKind.MULTIPLE_CHOICE, SampleKind.IMAGE)) {
      for (int i = 0; i < 600; i++) {
        Scene s = SceneFactory.build(cfg, kind, SamplePlan.sampleRandom(5, "train", i * 7 + kind.ordinal()));
        SynthSample sample = new SynthSample("train", i, i, kind, s, "./x", Thoughts.process(s, 2), 0, null);
        JsonNode record = SynthRuns.JSON.valueToTree(ManifestWriter.record(sample, false));
        JsonNode truth = SynthRuns.JSON.valueToTree(ManifestWriter.truth(sample, beatFrames, cfg.fps()));
        String where = kind + " #" + i + ": " + record;
        int n = s.beats().size();
        assertEquals(s.answer(), TruthAnswerer.answer(record, truth, TruthAnswerer.identity(n)), where);
        assertEquals(s.answerReversed(), TruthAnswerer.answer(record, truth, TruthAnswerer.reversed(n)), where);
        assertEquals(s.video(), s.temporal(), "every demo video is order-dependent: " + where);
        texts.computeIfAbsent(s.family(), f -> new TreeSet<>()).add(s.problem() + s.options());
        answers.computeIfAbsent(s.family(), f -> new java.util.TreeMap<>()).merge(s.answer(), 1, Integer::sum);
        if (s.video()) {
          videos++;
          int[] perm = io.videor1.prompt.FrameShuffle.permutation(1, 0, i, n);
          shuffledKept += s.answer().equals(TruthAnswerer.answer(record, truth, perm)) ? 1 : 0;
        }
        wellFormed(s, where);
      }
    }
    assertEquals(Set.of("colour", "first_colour", "last_colour"), texts.keySet());
    texts.forEach((f, t) -> assertEquals(1, t.size(), f + " has one question text and option order: " + t));
    answers.forEach((f, a) -> {
      assertEquals(6, a.size(), f + " uses every letter: " + a);
      a.values().forEach(c -> assertTrue(c > 600 / 3 / 6 / 2, f + " answers are balanced: " + a));
    });
    double kept = shuffledKept / (double) videos;
    assertTrue(kept > 0.3 && kept < 0.7, "a shuffle keeps about half the answers, got " + kept);
  }

  @Test
  void withRecapADemoVideosThoughtEndsByNamingTheAskedColourAndChangesNothingElse() {
    SynthConfig recap = SynthRuns.config("synth.out=unused", "synth.preset=demo", "synth.cot_recap=true",
        "synth.cot_asked_first=false");
    SynthConfig plain = SynthRuns.config("synth.out=unused", "synth.preset=demo", "synth.cot_asked_first=false");
    for (SampleKind kind : List.of(SampleKind.MULTIPLE_CHOICE, SampleKind.IMAGE)) {
      for (int i = 0; i < 300; i++) {
        Scene s = SceneFactory.build(recap, kind, SamplePlan.sampleRandom(9, "train", i * 5 + kind.ordinal()));
        Scene same = SceneFactory.build(plain, kind, SamplePlan.sampleRandom(9, "train", i * 5 + kind.ordinal()));
        String thought = Thoughts.process(s, 1, false);
        String before = Thoughts.process(same, 1, false);
        String where = kind + " #" + i + ": " + thought + " " + s.options() + " answer " + s.answer();
        assertEquals(same.answer(), s.answer(), where);
        assertEquals(same.beats(), s.beats(), "the recap draws nothing from the sample's stream: " + where);
        if (!s.video()) {
          assertEquals(before, thought, where);
          continue;
        }
        String word = s.family().equals("first_colour") ? "first" : "last";
        String colour = s.options().get(s.answer().charAt(0) - 'A').substring(3);
        assertEquals(before.replace(".</think>", "; " + word + " " + colour + ".</think>"), thought, where);
      }
    }
  }

  @Test
  void theDemoPresetNamesTheAskedColourFirstAndTheOtherAfterIt() {
    SynthConfig askedFirst = SynthRuns.config("synth.out=unused", "synth.preset=demo");
    SynthConfig plain = SynthRuns.config("synth.out=unused", "synth.preset=demo", "synth.cot_asked_first=false");
    int lasts = 0;
    for (int i = 0; i < 300; i++) {
      Scene s = SceneFactory.build(askedFirst, SampleKind.MULTIPLE_CHOICE, SamplePlan.sampleRandom(9, "train", i));
      Scene same = SceneFactory.build(plain, SampleKind.MULTIPLE_CHOICE, SamplePlan.sampleRandom(9, "train", i));
      String thought = Thoughts.process(s, 1, false);
      String where = "#" + i + ": " + thought + " " + s.options() + " answer " + s.answer();
      assertEquals(same.answer(), s.answer(), where);
      assertEquals(same.beats(), s.beats(), "the thought's wording draws nothing from the sample's stream: " + where);
      String answer = s.options().get(s.answer().charAt(0) - 'A').substring(3);
      assertTrue(thought.startsWith("<think>" + answer + ", "), "the asked colour comes first: " + where);
      if (s.family().equals("last_colour")) {
        lasts++;
        String other = s.options().get(s.answerReversed().charAt(0) - 'A').substring(3);
        assertEquals("<think>" + answer + ", after " + other + ".</think>", thought, where);
      } else {
        assertEquals(Thoughts.process(same, 1, false), thought, "a first question's thought is unchanged: " + where);
      }
    }
    assertTrue(lasts > 50, "last questions were drawn: " + lasts);
  }

  private static void wellFormed(Scene s, String where) {
    switch (s.problemType()) {
      case MULTIPLE_CHOICE -> {
        assertTrue(s.options().size() >= 3, where);
        assertTrue(s.problem().endsWith("?"), where);
        for (int i = 0; i < s.options().size(); i++) {
          assertTrue(s.options().get(i).startsWith("ABCDEFGH".charAt(i) + ". "), where);
        }
        assertTrue(s.answer().matches("[A-" + "ABCDEFGH".charAt(s.options().size() - 1) + "]"), where);
        assertEquals(s.options().size(), s.options().stream().distinct().count(), where);
      }
      case NUMERICAL -> assertTrue(s.answer().matches("[0-9]+"), where);
      case REGRESSION -> assertTrue(Double.parseDouble(s.answer()) > 0, "no 0 ground truth (spec §11): " + where);
      case OCR -> assertTrue(BitmapFont.supports(s.answer()) && !s.answer().isBlank(), where);
      case FREE_FORM -> assertTrue(s.answer().endsWith(".") && s.answer().split(" ").length >= 5, where);
    }
    if (!s.problemType().name().equals("MULTIPLE_CHOICE")) {
      assertTrue(s.options().isEmpty(), where);
    }
    assertFalse(s.video() && s.beats().stream().allMatch(b -> b.equals(s.beats().get(0))), "a video changes: " + where);
  }

  @Test
  void thoughtsHaveExactlyTheConfiguredNumberOfSentencesEndingInTheAnswer() {
    SynthConfig cfg = SynthRuns.config("synth.out=unused");
    for (SampleKind kind : SampleKind.values()) {
      Scene s = SceneFactory.build(cfg, kind, SamplePlan.sampleRandom(5, "train", kind.ordinal()));
      for (int count = 1; count <= 8; count++) {
        List<String> sentences = Thoughts.sentences(s, count);
        assertEquals(count, sentences.size());
        assertTrue(sentences.get(count - 1).contains(s.answer()), sentences.toString());
        assertEquals(s.reasoning().subList(0, Math.min(count - 1, s.reasoning().size())),
            sentences.subList(0, Math.min(count - 1, s.reasoning().size())));
      }
      String p = Thoughts.process(s, 3);
      assertTrue(p.startsWith("<think>") && p.endsWith("</think>"), p);
    }
  }
}
