package io.videor1.ml;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.videor1.exec.EngineFault;
import io.videor1.exec.ExecutorModels;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.generate.Completion;
import io.videor1.model.generate.Generator;
import io.videor1.model.generate.SamplingParams;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.prompt.FrameShuffle;
import io.videor1.prompt.PromptMeta;
import io.videor1.prompt.Prompts;
import io.videor1.reward.AnswerExtractor;
import io.videor1.train.run.ModelSpec;
import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * Answers one curated question with a trained model on an executor: the prompt the model was trained with, greedy
 * decoding (or any sampling), optionally on a seeded shuffle of the frames (the order-sensitivity probe of T-GRPO).
 * The model is loaded once per executor JVM and directory. A question the model cannot take is answered with its
 * error; the engine failing fails the task ({@link EngineFault}).
 */
public final class Answerer {
  private static final Pattern THINK = Pattern.compile("<think>(.*?)</think>", Pattern.DOTALL);

  private Answerer() {}

  /**
   * One answer.
   *
   * @param output the decoded completion (special tokens skipped)
   * @param reasoning the text between the first {@code <think>} tags, or ""
   * @param answer the text between the first {@code <answer>} tags, trimmed, or ""
   * @param tokens generated tokens
   * @param finish stop, length or an error message
   */
  public record Answer(String output, String reasoning, String answer, int tokens, String finish)
      implements Serializable {}

  /** The model of {@code dir} read through {@code conf} onto {@code device}, loaded once per JVM and device. */
  public static VisionLanguageModel model(String dir, Configuration conf, Device device) throws Exception {
    return ExecutorModels.get("answer@" + device, dir, () -> VisionLanguageModel.load(
        ExecutorModels.localDir(dir, conf), new VisionLanguageModel.LoadOptions(DataType.FLOAT32, device)));
  }

  /**
   * Answers {@code m} from {@code frames}.
   *
   * @param shuffleSeed when not null, the frames of a video are permuted by {@link FrameShuffle} with this seed
   */
  public static Answer answer(VisionLanguageModel vlm, PromptMeta m, byte[][] frames, ModelSpec spec,
      SamplingParams sampling, long seed, Long shuffleSeed) {
    ModelInputs in = null;
    try {
      byte[][] f = frames;
      if (shuffleSeed != null && m.video()) {
        f = FrameShuffle.apply(frames, FrameShuffle.permutation(shuffleSeed, 0, m.problemId(), frames.length));
      }
      in = Prompts.rl(vlm, m.input(f, spec.promptFps()), spec.promptStyle().userText(m.question()));
      EngineFault.beforeGeneration();
      Completion c = vlm.generate(in, 1, sampling, new Generator.SeedIds(seed, 0, m.problemId())).get(0);
      return new Answer(c.text(), reasoning(c.text()), AnswerExtractor.extract(c.text()), c.length(),
          c.finishReason().name().toLowerCase(Locale.ROOT));
    } catch (RuntimeException | OutOfMemoryError e) {
      EngineFault.rethrowIfEngine(e, new EngineFault.Call("answering problem " + m.problemId(),
          EngineFault.model(spec.initDir(), vlm), "1 answer of up to " + sampling.maxNewTokens() + " new tokens on a "
          + (in == null ? "not yet encoded" : in.inputIds().length + "-token") + " prompt",
          vlm.model().manager().getDevice()));
      return new Answer("", "", "", 0, "error: " + e.getMessage());
    }
  }

  static String reasoning(String text) {
    Matcher x = THINK.matcher(text);
    return x.find() ? x.group(1).strip() : "";
  }
}
