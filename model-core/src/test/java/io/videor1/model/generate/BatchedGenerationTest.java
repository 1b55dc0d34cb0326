package io.videor1.model.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.videor1.model.TinyCheckpoints;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.preprocess.Processor;
import io.videor1.model.text.MRope;
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
 * Several prompts decoded together ({@link Generator#generateBatch}): each request's completions are the same token
 * ids and log-prob bits whatever other requests share its batch, in whatever order, as when it decodes alone through
 * {@code generateBatch}; and the batched cache decodes what recomputation without a cache decodes.
 */
class BatchedGenerationTest {
  private static final List<Integer> STOPS = IntStream.range(100, 130).boxed().toList();

  @Test
  void aRequestDrawsTheSameTokensWhateverSharesItsBatch(@TempDir Path dir) throws Exception {
    try (VisionLanguageModel tiny = TinyCheckpoints.tiny(dir.resolve("tiny"), 21);
        VisionLanguageModel wide = TinyCheckpoints.random(dir.resolve("wide"),
            ModelPresets.withVocab(ModelPresets.tiny(), 2048), 21, 0.1)) {
      int threads = JniUtils.getNumThreads();
      Set<Integer> lengths = new HashSet<>();
      try {
        SamplingParams rollout = new SamplingParams(1.0, 0.95, 0, 36, false, STOPS, List.of());
        SamplingParams eval = SamplingParams.eval().withMaxNewTokens(20);
        // (threads, model, sampling): the rollout settings with retirements everywhere, evaluation and greedy once each
        Object[][] cases = {{1, tiny, rollout}, {1, wide, rollout}, {1, tiny, eval}, {2, wide, rollout},
            {2, tiny, SamplingParams.greedy(20)}, {2, wide, eval}};
        for (Object[] c : cases) {
          JniUtils.setNumThreads((int) c[0]);
          VisionLanguageModel vlm = (VisionLanguageModel) c[1];
          compare(vlm, (SamplingParams) c[2], lengths, c[0] + " thread(s), vocab "
              + vlm.model().config().text().vocabSize() + ", " + c[2]);
        }
      } finally {
        JniUtils.setNumThreads(threads);
      }
      assertTrue(lengths.size() >= 10 && lengths.contains(36), "completion lengths " + lengths);
    }
  }

  /** Four requests (a T-GRPO pair of ordered and shuffled groups, two single answers) in every arrangement. */
  private static void compare(VisionLanguageModel vlm, SamplingParams p, Set<Integer> lengths, String what) {
    List<Generator.Request> rs = requests(vlm);
    List<List<Completion>> alone = new ArrayList<>();
    for (Generator.Request r : rs) {
      alone.add(batch(vlm, List.of(r), p).get(0));
    }
    List<List<Completion>> together = batch(vlm, rs, p);
    List<List<Completion>> pairs = new ArrayList<>(batch(vlm, rs.subList(0, 2), p));
    pairs.addAll(batch(vlm, rs.subList(2, 4), p));
    List<List<Completion>> reversed = new ArrayList<>(batch(vlm, List.of(rs.get(3), rs.get(2), rs.get(1), rs.get(0)),
        p));
    java.util.Collections.reverse(reversed);
    for (int i = 0; i < rs.size(); i++) {
      UnchangedTokensTest.assertSame(alone.get(i), together.get(i), what + ", request " + i + " among four");
      UnchangedTokensTest.assertSame(alone.get(i), pairs.get(i), what + ", request " + i + " in pairs");
      UnchangedTokensTest.assertSame(alone.get(i), reversed.get(i), what + ", request " + i + " reversed");
      alone.get(i).forEach(c -> lengths.add(c.length()));
    }
  }

  static List<Generator.Request> requests(VisionLanguageModel vlm) {
    byte[][] frames = TinyCheckpoints.frames(4, 56, 84, 9);
    byte[][] shuffled = {frames[2], frames[0], frames[3], frames[1]};
    var msgs = PromptTemplates.rlMessages(true, "Count the cubes.");
    ModelInputs ordered = vlm.processor().chat(msgs, List.of(), List.of(Processor.Video.of(frames, 56, 84)));
    ModelInputs shuffledIn = vlm.processor().chat(msgs, List.of(), List.of(Processor.Video.of(shuffled, 56, 84)));
    ModelInputs other = TinyCheckpoints.videoPrompt(vlm);
    return List.of(new Generator.Request(ordered, 8, new Generator.SeedIds(42, 3, 17)),
        new Generator.Request(shuffledIn, 4, new Generator.SeedIds(43, 3, 17)),
        new Generator.Request(other, 1, new Generator.SeedIds(0, 0, 5)),
        new Generator.Request(ordered, 1, new Generator.SeedIds(0, 0, 6)));
  }

  static List<List<Completion>> batch(VisionLanguageModel vlm, List<Generator.Request> rs, SamplingParams p) {
    try (NDManager m = vlm.newManager()) {
      return new Generator(vlm.model(), vlm.tokenizer(), vlm.eosId()).generateBatch(m, rs, p);
    }
  }

  @Test
  void batchedGreedyDecodingEqualsRecomputationWithoutCache(@TempDir Path dir) throws Exception {
    try (VisionLanguageModel vlm = TinyCheckpoints.tiny(dir, 21)) {
      List<Generator.Request> rs = requests(vlm);
      // 40 tokens: past the buffers' doublings at 16 and 32 positions
      List<List<Completion>> got = batch(vlm, List.of(rs.get(2), rs.get(0)), SamplingParams.greedy(40)
          .withSuppressTokenIds(List.of(vlm.eosId())));
      assertEquals(40, got.get(1).get(7).length());
      assertArrayEquals(recomputed(vlm, rs.get(2).prompt(), 40), got.get(0).get(0).tokenIds());
      assertArrayEquals(recomputed(vlm, rs.get(0).prompt(), 40), got.get(1).get(7).tokenIds());
    }
  }

  @Test
  void emptyRequestsAndBudgets(@TempDir Path dir) throws Exception {
    try (VisionLanguageModel vlm = TinyCheckpoints.tiny(dir, 21)) {
      List<Generator.Request> rs = requests(vlm);
      List<List<Completion>> got = batch(vlm, List.of(new Generator.Request(rs.get(0).prompt(), 0, rs.get(0).seeds()),
          rs.get(2)), SamplingParams.greedy(5));
      assertEquals(0, got.get(0).size());
      assertEquals(batch(vlm, List.of(rs.get(2)), SamplingParams.greedy(5)).get(0).get(0).text(),
          got.get(1).get(0).text());
      assertEquals(0, batch(vlm, rs, SamplingParams.greedy(0)).get(0).get(7).length());
    }
  }

  /** Greedy tokens recomputed from scratch (the whole prompt and every token so far, no cache) at each step. */
  private static int[] recomputed(VisionLanguageModel vlm, ModelInputs prompt, int n) {
    List<Integer> tokens = new ArrayList<>();
    try (NDManager m = vlm.newManager()) {
      NDArray promptEmb = vlm.model().promptEmbeddings(m, prompt, false); // [1, T, H]
      for (int step = 0; step < n; step++) {
        NDArray emb = promptEmb;
        int[][] pos = prompt.positions();
        if (!tokens.isEmpty()) {
          long[] ids = tokens.stream().mapToLong(Integer::longValue).toArray();
          emb = NDArrays.concat(new NDList(promptEmb, vlm.model().embed(m.create(ids, new Shape(1, ids.length)))), 1);
          int[][] tail = MRope.textPositions(prompt.positionAfter(prompt.length()), ids.length);
          pos = new int[3][];
          for (int a = 0; a < 3; a++) {
            pos[a] = IntStream.concat(java.util.Arrays.stream(prompt.positions()[a]), java.util.Arrays.stream(tail[a]))
                .toArray();
          }
        }
        NDArray logits = vlm.model().logits(vlm.model().decode(emb, pos, null, false, false).get(":, -1, :"), false);
        float[] row = logits.toFloatArray();
        int best = -1;
        for (int i = 0; i < row.length; i++) {
          if (i != vlm.eosId() && (best < 0 || row[i] > row[best])) {
            best = i;
          }
        }
        tokens.add(best);
      }
    }
    return tokens.stream().mapToInt(Integer::intValue).toArray();
  }
}
