package io.videor1.prompt;

import io.videor1.model.VisionLanguageModel;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.preprocess.Processor;
import io.videor1.model.tokenizer.ChatTemplate;
import io.videor1.model.tokenizer.PromptTemplates;
import io.videor1.train.run.ModelSpec;
import java.util.List;

/** A record and its frames as model inputs: the RL/evaluation prompt, and the SFT conversation (spec §2). */
public final class Prompts {
  private Prompts() {}

  /** The RL / evaluation prompt: default system turn, user turn [media, text], generation prompt. */
  public static ModelInputs rl(VisionLanguageModel vlm, PromptMeta m, byte[][] frames, ModelSpec spec) {
    String text = spec.promptStyle().userText(m.problem(), m.type(), m.options());
    return process(vlm, m, frames, spec, ChatTemplate.render(PromptTemplates.rlMessages(m.video(), text), true));
  }

  /** The SFT prompt: explicit system turn "You are a helpful assistant", user turn, generation prompt. */
  public static String sftPrompt(PromptMeta m, ModelSpec spec) {
    String text = spec.promptStyle().userText(m.problem(), m.type(), m.options());
    List<ChatTemplate.Message> conv = PromptTemplates.sftMessages(m.video(), text, "", "");
    return ChatTemplate.render(conv.subList(0, 2), true);
  }

  /** The whole SFT conversation, the assistant turn {@code process + "\n" + solution} included. */
  public static String sftConversation(PromptMeta m, ModelSpec spec) {
    String text = spec.promptStyle().userText(m.problem(), m.type(), m.options());
    return ChatTemplate.render(PromptTemplates.sftMessages(m.video(), text, m.process(), m.solution()), false);
  }

  /** Processes rendered text with the record's media. */
  public static ModelInputs process(VisionLanguageModel vlm, PromptMeta m, byte[][] frames, ModelSpec spec,
      String rendered) {
    if (m.video()) {
      return vlm.processor().process(rendered, List.of(),
          List.of(new Processor.Video(frames, m.height(), m.width(), spec.promptFps())));
    }
    return vlm.processor().process(rendered, List.of(new Processor.Image(frames[0], m.height(), m.width())),
        List.of());
  }
}
