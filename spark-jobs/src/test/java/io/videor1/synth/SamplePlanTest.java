package io.videor1.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Seeds per (seed, split, index) and exact shares per split. */
class SamplePlanTest {
  @Test
  void trainAndTestSeedsAreDisjointAndDependOnlyOnTheirIndex() {
    Set<Long> train = new HashSet<>();
    for (int i = 0; i < 200_000; i++) {
      train.add(SamplePlan.sampleSeed(42, SamplePlan.TRAIN, i));
    }
    assertEquals(200_000, train.size(), "no two training samples share a seed");
    for (int i = 0; i < 200_000; i++) {
      assertTrue(!train.contains(SamplePlan.sampleSeed(42, SamplePlan.TEST, i)), "test sample " + i + " has a training seed");
    }
    assertEquals(SamplePlan.sampleSeed(42, SamplePlan.TEST, 5), SamplePlan.sampleSeed(42, SamplePlan.TEST, 5));
    assertTrue(SamplePlan.sampleSeed(42, SamplePlan.TRAIN, 5) != SamplePlan.sampleSeed(43, SamplePlan.TRAIN, 5));
  }

  @Test
  void eachKindGetsExactlyItsShareOfEverySplit() {
    SynthConfig cfg = SynthRuns.config("synth.out=unused");
    Map<SampleKind, Integer> train = SamplePlan.counts(cfg.shares(), 2000);
    assertEquals(Map.of(SampleKind.MULTIPLE_CHOICE, 700, SampleKind.NUMERICAL, 300, SampleKind.REGRESSION, 200,
        SampleKind.OCR, 160, SampleKind.FREE_FORM, 140, SampleKind.IMAGE, 500), train);
    Map<SampleKind, Integer> test = SamplePlan.counts(cfg.shares(), 200);
    assertEquals(70, test.get(SampleKind.MULTIPLE_CHOICE));
    assertEquals(200, test.values().stream().mapToInt(Integer::intValue).sum());
    // Odd sizes: largest remainders, the total always exact.
    for (int size : new int[] {0, 1, 7, 33, 999}) {
      assertEquals(size, SamplePlan.counts(cfg.shares(), size).values().stream().mapToInt(Integer::intValue).sum());
    }
    SampleKind[] kinds = SamplePlan.kinds(cfg, SamplePlan.TRAIN, 2000);
    Map<SampleKind, Integer> seen = new EnumMap<>(SampleKind.class);
    for (SampleKind k : kinds) {
      seen.merge(k, 1, Integer::sum);
    }
    assertEquals(train, seen);
    assertArrayEquals(kinds, SamplePlan.kinds(cfg, SamplePlan.TRAIN, 2000), "deterministic");
    Map<SampleKind, Integer> first100 = new EnumMap<>(SampleKind.class);
    for (int i = 0; i < 100; i++) {
      first100.merge(kinds[i], 1, Integer::sum);
    }
    assertEquals(SampleKind.values().length, first100.size(), "a prefix is mixed: " + first100);
  }

  @Test
  void sharesAreNormalisedAndAZeroShareMeansNone() {
    SynthConfig cfg = SynthRuns.config("synth.out=unused", "synth.share.multiple_choice=2", "synth.share.numerical=2",
        "synth.share.regression=0", "synth.share.ocr=0", "synth.share.free_form=0", "synth.share.image=0");
    assertEquals(0.5, cfg.shares().get(SampleKind.MULTIPLE_CHOICE), 1e-12);
    assertEquals(Map.of(SampleKind.MULTIPLE_CHOICE, 5, SampleKind.NUMERICAL, 5, SampleKind.REGRESSION, 0,
        SampleKind.OCR, 0, SampleKind.FREE_FORM, 0, SampleKind.IMAGE, 0), SamplePlan.counts(cfg.shares(), 10));
  }
}
