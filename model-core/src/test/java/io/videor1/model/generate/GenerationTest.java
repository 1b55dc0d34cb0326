package io.videor1.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.videor1.model.TinyCheckpoints;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.logprob.TokenLogProbs;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.preprocess.Processor;
import io.videor1.model.text.MRope;
import io.videor1.model.tokenizer.PromptTemplates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationTest {
  @TempDir static Path tmp;
  static VisionLanguageModel vlm;
  static ModelInputs prompt;

  @BeforeAll
  static void setUp() throws Exception {
    vlm = TinyCheckpoints.tiny(tmp, 21);
    Processor.Video v = Processor.Video.of(TinyCheckpoints.frames(4, 56, 84, 9), 56, 84);
    prompt = vlm.processor().chat(PromptTemplates.rlMessages(true, "Count the cubes."), List.of(), List.of(v));
  }

  @AfterAll
  static void tearDown() {
    vlm.close();
  }

  @Test
  void sampledGroupsReplayTokenForToken() {
    SamplingParams p = SamplingParams.rollout().withMaxNewTokens(12);
    List<Completion> a = vlm.generate(prompt, 4, p, new Generator.SeedIds(42, 3, 17));
    List<Completion> b = vlm.generate(prompt, 4, p, new Generator.SeedIds(42, 3, 17));
    for (int j = 0; j < 4; j++) {
      assertArrayEquals(a.get(j).tokenIds(), b.get(j).tokenIds());
      assertArrayEquals(a.get(j).logProbs(), b.get(j).logProbs());
      assertEquals(a.get(j).text(), b.get(j).text());
    }
    assertNotEquals(List.of(a.get(0).tokenIds()), List.of(a.get(1).tokenIds()));
    List<Completion> other = vlm.generate(prompt, 4, p, new Generator.SeedIds(42, 4, 17));
    assertTrue(!java.util.Arrays.equals(a.get(0).tokenIds(), other.get(0).tokenIds()), "another step, another draw");
    // a sample's stream does not depend on the size of its group: its first token (drawn from the shared prefill's
    // logits) is the same; later tokens may differ only through batch-size-dependent float rounding in the matmuls
    List<Completion> two = vlm.generate(prompt, 2, p, new Generator.SeedIds(42, 3, 17));
    assertEquals(a.get(1).tokenIds()[0], two.get(1).tokenIds()[0]);
    assertEquals(a.get(1).seed(), two.get(1).seed());
  }

  @Test
  void cachedGreedyDecodingEqualsRecomputationWithoutCache() {
    int n = 10;
    Completion cached = vlm.generate(prompt, 1, SamplingParams.greedy(n), new Generator.SeedIds(0, 0, 0)).get(0);
    List<Integer> tokens = new ArrayList<>();
    try (NDManager m = vlm.newManager()) {
      NDArray promptEmb = vlm.model().promptEmbeddings(m, prompt, false); // [1, T, H]
      for (int step = 0; step < cached.length(); step++) {
        NDArray emb = promptEmb;
        int[][] pos = prompt.positions();
        if (!tokens.isEmpty()) {
          long[] ids = tokens.stream().mapToLong(Integer::longValue).toArray();
          NDArray gen = vlm.model().embed(m.create(ids, new Shape(1, ids.length)));
          emb = NDArrays.concat(new NDList(promptEmb, gen), 1);
          int[][] tail = MRope.textPositions(prompt.positionAfter(prompt.length()), ids.length);
          pos = new int[3][];
          for (int a = 0; a < 3; a++) {
            pos[a] = java.util.stream.IntStream.concat(java.util.Arrays.stream(prompt.positions()[a]),
                java.util.Arrays.stream(tail[a])).toArray();
          }
        }
        NDArray h = vlm.model().decode(emb, pos, null, false, false);
        NDArray logits = vlm.model().logits(h.get(":, -1, :"), false);
        tokens.add((int) logits.argMax().getLong());
      }
    }
    assertArrayEquals(cached.tokenIds(), tokens.stream().mapToInt(Integer::intValue).toArray());
  }

  @Test
  void samplingLogProbsEqualTeacherForcedLogProbs() {
    List<Completion> cs = vlm.generate(prompt, 3, SamplingParams.rollout().withMaxNewTokens(9),
        new Generator.SeedIds(5, 6, 7));
    try (NDManager m = vlm.newManager()) {
      TokenLogProbs.Result r = vlm.logProbs(m, prompt, cs.stream().map(Completion::tokenIds).toList(), false);
      float[] lp = r.logp().toFloatArray();
      int len = (int) r.logp().getShape().get(1);
      for (int i = 0; i < cs.size(); i++) {
        for (int t = 0; t < cs.get(i).length(); t++) {
          assertEquals(cs.get(i).logProbs()[t], lp[i * len + t], 2e-5);
        }
      }
    }
  }

  @Test
  void stopsAtEosAndReportsTheReason() {
    int eos = vlm.eosId();
    // forcing: suppress everything except EOS and one token, greedy picks whichever is larger; stop set to both
    SamplingParams p = new SamplingParams(1.0, 1.0, 0, 5, true, List.of(65), List.of());
    Completion c = vlm.generate(prompt, 1, p, new Generator.SeedIds(0, 0, 0)).get(0);
    boolean stopped = c.finishReason() == Completion.FinishReason.STOP;
    assertEquals(stopped, c.tokenIds()[c.length() - 1] == eos || c.tokenIds()[c.length() - 1] == 65);
    assertEquals(stopped ? c.length() <= 5 : c.length() == 5, true);
    List<Integer> allButEos = new ArrayList<>();
    for (int i = 0; i < vlm.model().config().text().vocabSize(); i++) {
      if (i != eos) {
        allButEos.add(i);
      }
    }
    Completion forced = vlm.generate(prompt, 2, SamplingParams.rollout().withSuppressTokenIds(allButEos),
        new Generator.SeedIds(1, 1, 1)).get(1);
    assertArrayEquals(new int[] {eos}, forced.tokenIds());
    assertEquals(Completion.FinishReason.STOP, forced.finishReason());
    assertEquals("", forced.text());
  }

  @Test
  void callsLeaveNoArraysInTheModelsManager() {
    ai.djl.ndarray.BaseNDManager owner = (ai.djl.ndarray.BaseNDManager) vlm.model().manager();
    int before = owner.getManagedArrays().size();
    List<Completion> cs = vlm.generate(prompt, 3, SamplingParams.rollout().withMaxNewTokens(5),
        new Generator.SeedIds(1, 2, 3));
    try (NDManager m = vlm.newManager()) {
      vlm.logProbs(m, prompt, cs.stream().map(Completion::tokenIds).toList(), false);
    }
    assertEquals(before, owner.getManagedArrays().size());
  }

  @Test
  void topKOfOneIsGreedy() {
    SamplingParams k1 = new SamplingParams(0.7, 0.9, 1, 8, false, List.of(), List.of());
    Completion g = vlm.generate(prompt, 1, SamplingParams.greedy(8), new Generator.SeedIds(0, 0, 0)).get(0);
    Completion s = vlm.generate(prompt, 1, k1, new Generator.SeedIds(9, 9, 9)).get(0);
    assertArrayEquals(g.tokenIds(), s.tokenIds());
  }

  @Test
  void topPKeepsTheSmallestNucleus() {
    SamplingParams p = new SamplingParams(1.0, 0.5, 0, 1, false, List.of(), List.of());
    float[] logits = {(float) Math.log(0.1), (float) Math.log(0.45), (float) Math.log(0.3), (float) Math.log(0.15)};
    for (SamplerKind kind : SamplerKind.values()) {
      TokenSampler sampler = new TokenSampler(p, 4, kind);
      java.util.SplittableRandom r = new java.util.SplittableRandom(1);
      int[] counts = new int[4];
      for (int i = 0; i < 2000; i++) {
        counts[sampler.sample(logits, 0, 4, r)]++;
      }
      // nucleus {1 (0.45), 2 (0.30)}: 0.45 < 0.5 so token 2 is needed; tokens 0 and 3 never drawn
      assertEquals(0, counts[0], kind.name());
      assertEquals(0, counts[3], kind.name());
      assertTrue(counts[1] > 1000 && counts[2] > 600, kind + " " + java.util.Arrays.toString(counts));
    }
  }

  @Test
  void rolloutsDrawTheSameTokensWithEitherSampler(@TempDir Path dir) throws Exception {
    // the tiny preset widened past TokenSampler.SMALL_VOCAB (below it both kinds sort); the rollout and eval
    // settings and top-k: the tokens and their log-probs must not depend on the sampler's algorithm
    try (VisionLanguageModel wide = TinyCheckpoints.random(dir, ModelPresets.withVocab(ModelPresets.tiny(), 2048), 21,
        0.1)) {
      ModelInputs in = wide.processor().chat(PromptTemplates.rlMessages(true, "Count the cubes."), List.of(),
          List.of(Processor.Video.of(TinyCheckpoints.frames(4, 56, 84, 9), 56, 84)));
      for (SamplingParams p : List.of(SamplingParams.rollout().withMaxNewTokens(24), SamplingParams.eval()
          .withMaxNewTokens(24), new SamplingParams(0.7, 0.9, 5, 24, false, List.of(), List.of(wide.eosId())))) {
        try (NDManager m = wide.newManager()) {
          List<Completion> fast = new Generator(wide.model(), wide.tokenizer(), wide.eosId(), SamplerKind.SELECTION)
              .generate(m, in, 6, p, new Generator.SeedIds(8, 2, 5));
          List<Completion> sorted = new Generator(wide.model(), wide.tokenizer(), wide.eosId(), SamplerKind.SORTING)
              .generate(m, in, 6, p, new Generator.SeedIds(8, 2, 5));
          for (int j = 0; j < 6; j++) {
            assertArrayEquals(sorted.get(j).tokenIds(), fast.get(j).tokenIds(), p + " sample " + j);
            assertArrayEquals(sorted.get(j).logProbs(), fast.get(j).logProbs());
          }
        }
      }
    }
  }
}
