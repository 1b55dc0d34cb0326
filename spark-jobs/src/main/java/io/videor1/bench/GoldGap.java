package io.videor1.bench;

import ai.djl.ndarray.NDManager;
import io.videor1.exec.HadoopConf;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.logprob.AnswerContrast;
import io.videor1.model.logprob.OrderGap;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.prompt.FrameShuffle;
import io.videor1.prompt.PromptMeta;
import io.videor1.prompt.Prompts;
import io.videor1.train.data.FramesCache;
import io.videor1.train.grpo.TGrpoConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * How much the gold answers of fixed questions lean on the frames' order: per question, the teacher-forced
 * log-likelihood of its gold completion on the RL prompt with the frames in order minus that with the frames
 * shuffled (one seeded permutation per question, the same for every weight version measured).
 *
 * <p>The gold completion is the record's solution as the accuracy reward reads it ({@code <answer>X</answer>}) and
 * the end-of-turn token, right after the generation prompt: the records of a held-out split carry no chain of
 * thought, and a reasoning the model wrote itself would differ between the weights compared. Only the gap is read,
 * so what the missing {@code <think>} part costs both passes alike cancels.
 */
final class GoldGap {
  /** Stream of the questions' permutations, apart from the training steps' (which use step ≥ 1). */
  private static final long SHUFFLE_STEP = 0;

  private final TGrpoConfig cfg;
  private final List<ModelInputs> ordered;
  private final List<ModelInputs> shuffled;
  private final List<int[]> gold;

  private GoldGap(TGrpoConfig cfg, List<ModelInputs> ordered, List<ModelInputs> shuffled, List<int[]> gold) {
    this.cfg = cfg;
    this.ordered = ordered;
    this.shuffled = shuffled;
    this.gold = gold;
  }

  /** Encodes the questions' prompts (ordered and shuffled) and gold completions once. */
  static GoldGap of(VisionLanguageModel vlm, TGrpoConfig cfg, List<PromptMeta> questions, HadoopConf hadoop)
      throws Exception {
    List<ModelInputs> ord = new ArrayList<>();
    List<ModelInputs> shuf = new ArrayList<>();
    List<int[]> gold = new ArrayList<>();
    for (PromptMeta m : questions) {
      if (m.solution() == null || m.solution().isBlank()) {
        throw new IllegalArgumentException("bench temporal-step: question " + m.promptId() + " has no solution");
      }
      byte[][] frames = FramesCache.frames(m, hadoop.get());
      if (frames.length < 2) {
        throw new IllegalArgumentException("bench temporal-step: question " + m.promptId() + " has " + frames.length
            + " frame(s); its order cannot be shuffled");
      }
      String text = cfg.spec().promptStyle().userText(m.question());
      ord.add(Prompts.rl(vlm, m.input(frames, cfg.spec().promptFps()), text));
      int[] perm = FrameShuffle.permutation(cfg.run().seed(), SHUFFLE_STEP, m.problemId(), frames.length);
      shuf.add(Prompts.rl(vlm, m.input(FrameShuffle.apply(frames, perm), cfg.spec().promptFps()), text));
      gold.add(AnswerContrast.completion(vlm.tokenizer(), m.solution(), vlm.eosId()));
    }
    return new GoldGap(cfg, ord, shuf, gold);
  }

  /**
   * Per question q under {@code vlm}'s current weights: [0][q] log π(gold|ordered) − log π(gold|shuffled),
   * [1][q] log π(gold|ordered), [2][q] log π(gold|shuffled).
   */
  double[][] gaps(VisionLanguageModel vlm) {
    double[][] out = new double[3][gold.size()];
    for (int q = 0; q < gold.size(); q++) {
      try (NDManager m = vlm.newManager()) {
        double[][][] s = OrderGap.sides(vlm.model(), m, ordered.get(q), shuffled.get(q), List.of(gold.get(q)),
            vlm.eosId(), vlm.padId(), cfg.logprobPass(), cfg.logprobBuckets());
        for (int t = 0; t < s[0][0].length; t++) {
          out[0][q] += s[0][0][t] - s[1][0][t]; // the sum of the per-token gaps, as OrderGap.of gives them
          out[1][q] += s[0][0][t];
          out[2][q] += s[1][0][t];
        }
      }
    }
    return out;
  }
}
