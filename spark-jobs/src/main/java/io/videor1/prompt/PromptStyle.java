package io.videor1.prompt;

import io.videor1.model.tokenizer.PromptTemplates;
import java.util.Locale;

/**
 * How the question of a record becomes the user text of a prompt.
 *
 * <p>{@link #VIDEO_R1} is the reference's training template byte for byte (spec §2): the question, the "think like a
 * human" instructions and the per-type suffix. {@link #SHORT} keeps the question and the per-type suffix (which
 * names the answer tags) and drops the ~450-character instructions: with a byte-level tokenizer each character is a
 * token, so a tiny model on CPU spends most of its time and capacity on them. Evaluation must use the style the model
 * was trained with; checkpoints record it in run.json. {@link #SHORT_QUESTION_LAST} is {@link #SHORT} with the question
 * moved after the options and the suffix, so the words that decide the answer ("first" or "last") end the prompt,
 * next to the reply, instead of some 180 byte tokens before it.
 */
public enum PromptStyle {
  /** Video-R1's QUESTION_TEMPLATE (training wording) + type suffix. */
  VIDEO_R1,
  /** Question (with options) + type suffix. */
  SHORT,
  /** Options + type suffix, then the question. */
  SHORT_QUESTION_LAST;

  /** The user text a model is trained with. */
  public String userText(Question q) {
    return switch (this) {
      case VIDEO_R1 -> PromptTemplates.userText(q.problem(), q.type(), q.options(), PromptTemplates.Variant.TRAIN);
      case SHORT -> PromptTemplates.question(q.problem(), q.type(), q.options()) + PromptTemplates.suffix(q.type());
      case SHORT_QUESTION_LAST -> PromptTemplates.question("", q.type(), q.options())
          + PromptTemplates.suffix(q.type()).strip() + "\n" + q.problem();
    };
  }

  /**
   * The user text an evaluation asks with: the training text, except that {@link #VIDEO_R1} uses the reference's
   * evaluation wording, as Video-R1's {@code eval_bench.py} does (its model is trained with one wording and evaluated
   * with the other; spec §2).
   */
  public String evalText(Question q) {
    return this == VIDEO_R1
        ? PromptTemplates.userText(q.problem(), q.type(), q.options(), PromptTemplates.Variant.EVAL)
        : userText(q);
  }

  /** Parses {@code video_r1} or {@code short}; the message names {@code key}. */
  public static PromptStyle parse(String s, String key) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + " must be video_r1, short or short_question_last (got '" + s + "')");
    }
  }
}
