package io.videor1.prompt;

import io.videor1.model.VisionLanguageModel;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.preprocess.Processor;
import io.videor1.model.tokenizer.ChatTemplate;
import io.videor1.model.tokenizer.PromptTemplates;
import java.util.List;

/**
 * The chat prompts of a question (spec §2), the one place where training, evaluation, the MLlib model and the demo
 * turn a {@link Question} and its frames into model inputs.
 */
public final class Prompts {
  private Prompts() {}

  /**
   * The RL / evaluation prompt: default system turn, user turn [media, text], generation prompt.
   *
   * @param userText the question as worded by a {@link PromptStyle} ({@link PromptStyle#userText} in training)
   */
  public static ModelInputs rl(VisionLanguageModel vlm, PromptInput in, String userText) {
    return process(vlm, in,
        ChatTemplate.render(PromptTemplates.rlMessages(in.question().video(), userText), true));
  }

  /** The SFT prompt: explicit system turn "You are a helpful assistant", user turn, generation prompt. */
  public static String sftPrompt(Question q, PromptStyle style) {
    List<ChatTemplate.Message> conv = PromptTemplates.sftMessages(q.video(), style.userText(q), "", "");
    return ChatTemplate.render(conv.subList(0, 2), true);
  }

  /** The whole SFT conversation, the assistant turn {@code process + "\n" + solution} included. */
  public static String sftConversation(Question q, PromptStyle style, String process, String solution) {
    return ChatTemplate.render(PromptTemplates.sftMessages(q.video(), style.userText(q), process, solution), false);
  }

  /** Processes rendered text with the input's media: the frames as one video, or the first frame as an image. */
  public static ModelInputs process(VisionLanguageModel vlm, PromptInput in, String rendered) {
    if (in.question().video()) {
      return vlm.processor().process(rendered, List.of(),
          List.of(new Processor.Video(in.frames(), in.height(), in.width(), in.fps())));
    }
    return vlm.processor().process(rendered, List.of(new Processor.Image(in.frames()[0], in.height(), in.width())),
        List.of());
  }
}
