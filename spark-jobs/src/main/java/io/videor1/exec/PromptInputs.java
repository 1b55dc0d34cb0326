package io.videor1.exec;

import io.videor1.model.VisionLanguageModel;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.preprocess.Processor;
import io.videor1.model.tokenizer.PromptTemplates;
import io.videor1.reward.ProblemType;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A curated record as the model's prompt: Video-R1's question text (spec §2), the chat template with the media
 * placeholder, and the frames as patches.
 */
public final class PromptInputs {
  private PromptInputs() {}

  /** What a prompt needs from a frames row besides the pixels. */
  public record Question(String problem, String problemType, List<String> options, String dataType)
      implements Serializable {
    public ProblemType type() {
      return ProblemType.fromWireName(problemType)
          .orElseThrow(() -> new IllegalArgumentException("unknown problem_type '" + problemType + "'"));
    }

    public boolean video() {
      return dataType.equals("video");
    }
  }

  /**
   * The RL / evaluation prompt (default system turn, generation prompt appended).
   *
   * @param frames RGB frames {@code [n][h * w * 3]}; an image record has one
   * @param fps the rate the frames were sampled at: 2.0 gives Video-R1 training's 1.0 s per temporal patch, the real
   *     sample fps gives its evaluation's timing (spec §3.6)
   */
  public static ModelInputs rl(
      VisionLanguageModel vlm, Question q, byte[][] frames, int h, int w, PromptTemplates.Variant variant, double fps) {
    return rl(vlm, q, PromptTemplates.userText(q.problem(), q.type(), q.options(), variant), frames, h, w, fps);
  }

  /** The RL / evaluation prompt with the user text already written (another prompt style than Video-R1's). */
  public static ModelInputs rl(
      VisionLanguageModel vlm, Question q, String text, byte[][] frames, int h, int w, double fps) {
    if (q.video()) {
      return vlm.processor().chat(
          PromptTemplates.rlMessages(true, text), List.of(), List.of(new Processor.Video(frames, h, w, fps)));
    }
    return vlm.processor().chat(
        PromptTemplates.rlMessages(false, text), List.of(new Processor.Image(frames[0], h, w)), List.of());
  }

  /** Copies frames read by {@link io.videor1.curate.FramesReader} (read-only page views) into arrays. */
  public static byte[][] toArrays(List<ByteBuffer> frames) {
    byte[][] out = new byte[frames.size()][];
    for (int i = 0; i < out.length; i++) {
      ByteBuffer b = frames.get(i).duplicate();
      out[i] = new byte[b.remaining()];
      b.get(out[i]);
    }
    return out;
  }
}
