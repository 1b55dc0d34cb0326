package io.videor1.model.tokenizer;

import java.util.List;

/**
 * The Qwen2.5-VL chat template (the Jinja template shipped in its {@code tokenizer_config.json}), rendered in Java.
 *
 * <p>Each message becomes {@code <|im_start|>role\n…<|im_end|>\n}; when the first message is not a system message the
 * default system turn "You are a helpful assistant." is inserted; an image is {@code <|vision_start|><|image_pad|>
 * <|vision_end|>} and a video {@code <|vision_start|><|video_pad|><|vision_end|>} (one pad each; the processor expands
 * it); the generation prompt is {@code <|im_start|>assistant\n}.
 */
public final class ChatTemplate {
  /** The default system prompt of the template (with a period). */
  public static final String DEFAULT_SYSTEM = "You are a helpful assistant.";

  private ChatTemplate() {}

  /** A part of a message. */
  public sealed interface Content permits Text, Image, Video {}

  /** Text content. */
  public record Text(String text) implements Content {}

  /** An image placeholder. */
  public record Image() implements Content {}

  /** A video placeholder. */
  public record Video() implements Content {}

  /** One chat message; role is "system", "user" or "assistant". */
  public record Message(String role, List<Content> content) {
    /** Copies the content list. */
    public Message {
      content = List.copyOf(content);
    }

    /** A message with text only. */
    public static Message text(String role, String text) {
      return new Message(role, List.of(new Text(text)));
    }
  }

  /** Renders {@code messages}; with {@code addGenerationPrompt} the result ends with the assistant turn's header. */
  public static String render(List<Message> messages, boolean addGenerationPrompt) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      if (i == 0 && !m.role().equals("system")) {
        sb.append(QwenTokenizer.IM_START).append("system\n").append(DEFAULT_SYSTEM).append(QwenTokenizer.IM_END)
            .append('\n');
      }
      sb.append(QwenTokenizer.IM_START).append(m.role()).append('\n');
      for (Content c : m.content()) {
        if (c instanceof Text t) {
          sb.append(t.text());
        } else if (c instanceof Image) {
          sb.append(QwenTokenizer.VISION_START).append(QwenTokenizer.IMAGE_PAD).append(QwenTokenizer.VISION_END);
        } else {
          sb.append(QwenTokenizer.VISION_START).append(QwenTokenizer.VIDEO_PAD).append(QwenTokenizer.VISION_END);
        }
      }
      sb.append(QwenTokenizer.IM_END).append('\n');
    }
    if (addGenerationPrompt) {
      sb.append(QwenTokenizer.IM_START).append("assistant\n");
    }
    return sb.toString();
  }

  /**
   * The Jinja source of the template, written into {@code tokenizer_config.json} and {@code chat_template.json} of
   * checkpoints this project creates, so transformers and vLLM render prompts the same way.
   */
  public static final String JINJA = "{% set image_count = namespace(value=0) %}{% set video_count = namespace(value=0)"
      + " %}{% for message in messages %}{% if loop.first and message['role'] != 'system' %}<|im_start|>system\n"
      + "You are a helpful assistant.<|im_end|>\n{% endif %}<|im_start|>{{ message['role'] }}\n"
      + "{% if message['content'] is string %}{{ message['content'] }}<|im_end|>\n{% else %}"
      + "{% for content in message['content'] %}{% if content['type'] == 'image' or 'image' in content or "
      + "'image_url' in content %}{% set image_count.value = image_count.value + 1 %}{% if add_vision_id %}"
      + "Picture {{ image_count.value }}: {% endif %}<|vision_start|><|image_pad|><|vision_end|>"
      + "{% elif content['type'] == 'video' or 'video' in content %}{% set video_count.value = video_count.value + 1 %}"
      + "{% if add_vision_id %}Video {{ video_count.value }}: {% endif %}<|vision_start|><|video_pad|><|vision_end|>"
      + "{% elif 'text' in content %}{{ content['text'] }}{% endif %}{% endfor %}<|im_end|>\n{% endif %}{% endfor %}"
      + "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";
}
