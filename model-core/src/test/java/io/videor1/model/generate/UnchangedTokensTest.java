package io.videor1.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.videor1.model.TinyCheckpoints;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.preprocess.Processor;
import io.videor1.model.tokenizer.PromptTemplates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One prompt at a time ({@link Generator#generate}, what rollouts and evaluation run by default), the cache now written
 * in place, grown by doubling and compacted lazily, draws exactly the tokens and log-prob bits of the generator it
 * replaced ({@link LegacyGenerator}: concatenation every step, a gather at every retirement): on the demo's tiny
 * model (vocabulary 288) and one widened to 2,048, with samples retiring at different steps, past the buffers'
 * first doublings (16, 32), under the rollout, evaluation, top-k and greedy settings, with 1 and 2 engine threads.
 */
class UnchangedTokensTest {
  /** 30 of the 288 ids stop a sample, so the rows of a group retire at scattered steps. */
  private static final List<Integer> STOPS = IntStream.range(100, 130).boxed().toList();

  @Test
  void defaultPathEqualsTheConcatenatingGenerator(@TempDir Path dir) throws Exception {
    try (VisionLanguageModel tiny = TinyCheckpoints.tiny(dir.resolve("tiny"), 21);
        VisionLanguageModel wide = TinyCheckpoints.random(dir.resolve("wide"),
            ModelPresets.withVocab(ModelPresets.tiny(), 2048), 21, 0.1)) {
      int threads = JniUtils.getNumThreads(); // read once the engine is up
      try {
        compareAll(tiny, wide);
      } finally {
        JniUtils.setNumThreads(threads);
      }
    }
  }

  private static void compareAll(VisionLanguageModel tiny, VisionLanguageModel wide) {
    Set<Integer> lengths = new HashSet<>();
    int compared = 0;
    for (int t : new int[] {1, 2}) {
      JniUtils.setNumThreads(t);
      for (VisionLanguageModel vlm : List.of(tiny, wide)) {
        List<ModelInputs> prompts = prompts(vlm);
        List<SamplingParams> settings = List.of(
            SamplingParams.rollout().withMaxNewTokens(40),
            new SamplingParams(1.0, 0.95, 0, 40, false, STOPS, List.of()),
            SamplingParams.eval().withMaxNewTokens(36),
            new SamplingParams(0.7, 0.9, 5, 40, false, STOPS, List.of()),
            new SamplingParams(1.0, 1.0, 0, 24, true, STOPS, List.of()));
        for (int s = 0; s < settings.size(); s++) {
          for (int n : new int[] {8, 1}) {
            SamplingParams p = settings.get(s);
            Generator.SeedIds seeds = new Generator.SeedIds(7 + s, n, t);
            ModelInputs in = prompts.get((s + n) % 2);
            List<Completion> now = now(vlm, in, n, p, seeds);
            String what = "vocab " + vlm.model().config().text().vocabSize() + ", " + t + " thread(s), " + p + ", n " + n;
            assertSame(before(vlm, in, n, p, seeds), now, what);
            now.forEach(c -> lengths.add(c.length()));
            compared += n;
          }
        }
      }
    }
    assertEquals(2 * 2 * 5 * 9, compared);
    // the test means something only if rows retired at many different steps and others ran past 32 positions
    assertTrue(lengths.size() >= 15 && lengths.contains(40), "completion lengths " + lengths);
  }

  /** Two video prompts of different lengths (4 frames of 56x84; 2 frames of 56x56). */
  static List<ModelInputs> prompts(VisionLanguageModel vlm) {
    List<ModelInputs> p = new ArrayList<>();
    p.add(vlm.processor().chat(PromptTemplates.rlMessages(true, "Count the cubes."), List.of(),
        List.of(Processor.Video.of(TinyCheckpoints.frames(4, 56, 84, 9), 56, 84))));
    p.add(TinyCheckpoints.videoPrompt(vlm));
    return p;
  }

  static List<Completion> now(VisionLanguageModel vlm, ModelInputs in, int n, SamplingParams p,
      Generator.SeedIds seeds) {
    try (NDManager m = vlm.newManager()) {
      return new Generator(vlm.model(), vlm.tokenizer(), vlm.eosId()).generate(m, in, n, p, seeds);
    }
  }

  static List<Completion> before(VisionLanguageModel vlm, ModelInputs in, int n, SamplingParams p,
      Generator.SeedIds seeds) {
    try (NDManager m = vlm.newManager()) {
      return new LegacyGenerator(vlm.model(), vlm.tokenizer(), vlm.eosId(), SamplerKind.SELECTION)
          .generate(m, in, n, p, seeds);
    }
  }

  /** The same ids, log-prob bits, finish reasons, texts and seeds. */
  static void assertSame(List<Completion> expected, List<Completion> actual, String what) {
    assertEquals(expected.size(), actual.size(), what);
    for (int j = 0; j < expected.size(); j++) {
      Completion e = expected.get(j);
      Completion a = actual.get(j);
      assertArrayEquals(e.tokenIds(), a.tokenIds(), what + ", sample " + j);
      assertArrayEquals(e.logProbs(), a.logProbs(), what + ", sample " + j);
      assertEquals(e.finishReason(), a.finishReason(), what + ", sample " + j);
      assertEquals(e.text(), a.text());
      assertEquals(e.seed(), a.seed());
    }
  }
}
