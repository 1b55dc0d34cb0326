package io.videor1.model.tokenizer;

import io.videor1.reward.ProblemType;
import java.util.List;

/**
 * Video-R1's prompt strings, byte for byte (spec §2): the question built from problem and options, the training and
 * evaluation variants of QUESTION_TEMPLATE, the per-type suffix, and the chat messages of the RL and SFT stages.
 */
public final class PromptTemplates {
  private PromptTemplates() {}

  /** Which QUESTION_TEMPLATE wording to use. */
  public enum Variant {
    /** {@code grpo.py} and {@code sft_video.py}: "between the <think> </think> tags". */
    TRAIN,
    /** {@code eval_bench.py}, CoT generation, inference: "between the <think> and </think> tags". */
    EVAL
  }

  private static final String THINK_PREFIX = "\nPlease think about this question as if you were a human pondering "
      + "deeply. Engage in an internal dialogue using expressions such as 'let me think', 'wait', 'Hmm', 'oh, I see', "
      + "'let's break it down', etc, or other natural language thought expressions It's encouraged to include "
      + "self-reflection or verification in the reasoning process. ";
  private static final String TRAIN_TAIL = "Provide your detailed reasoning between the <think> </think> tags, and "
      + "then give your final answer between the <answer> </answer> tags.";
  private static final String EVAL_TAIL = "Provide your detailed reasoning between the <think> and </think> tags, and "
      + "then give your final answer between the <answer> and </answer> tags.";

  /** The SFT system prompt (no period, unlike the template default). */
  public static final String SFT_SYSTEM = "You are a helpful assistant";

  /** The question: for multiple choice, problem + "Options:\n" + each option + "\n" (no separator before). */
  public static String question(String problem, ProblemType type, List<String> options) {
    if (type != ProblemType.MULTIPLE_CHOICE) {
      return problem;
    }
    StringBuilder sb = new StringBuilder(problem).append("Options:\n");
    for (String o : options) {
      sb.append(o).append('\n');
    }
    return sb.toString();
  }

  /** The per-type suffix, leading space included. */
  public static String suffix(ProblemType type) {
    return switch (type) {
      case MULTIPLE_CHOICE -> " Please provide only the single option letter (e.g., A, B, C, D, etc.) within the "
          + "<answer> </answer> tags.";
      case NUMERICAL, REGRESSION -> " Please provide the numerical value (e.g., 42 or 3.14) within the <answer> "
          + "</answer> tags.";
      case OCR -> " Please transcribe text from the image/video clearly and provide your text answer within the "
          + "<answer> </answer> tags.";
      case FREE_FORM -> " Please provide your text answer within the <answer> </answer> tags.";
    };
  }

  /** The user text: QUESTION_TEMPLATE with the question substituted, then the type suffix. */
  public static String userText(String problem, ProblemType type, List<String> options, Variant variant) {
    return question(problem, type, options) + THINK_PREFIX + (variant == Variant.TRAIN ? TRAIN_TAIL : EVAL_TAIL)
        + suffix(type);
  }

  /** The RL / evaluation prompt: one user turn [media, text]; the template adds its default system turn. */
  public static List<ChatTemplate.Message> rlMessages(boolean video, String userText) {
    ChatTemplate.Content media = video ? new ChatTemplate.Video() : new ChatTemplate.Image();
    return List.of(new ChatTemplate.Message("user", List.of(media, new ChatTemplate.Text(userText))));
  }

  /** The SFT conversation: explicit system turn, user turn, assistant turn {@code process + "\n" + solution}. */
  public static List<ChatTemplate.Message> sftMessages(boolean video, String userText, String process,
      String solution) {
    ChatTemplate.Content media = video ? new ChatTemplate.Video() : new ChatTemplate.Image();
    return List.of(ChatTemplate.Message.text("system", SFT_SYSTEM),
        new ChatTemplate.Message("user", List.of(media, new ChatTemplate.Text(userText))),
        ChatTemplate.Message.text("assistant", process + "\n" + solution));
  }
}
