package io.videor1.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * The chain of thought of a sample ({@code process} in the CoT manifest): exactly {@code synth.cot_sentences}
 * sentences, the scene's facts in order of importance, then one sentence stating the answer.
 *
 * <p>With fewer facts than asked for, fixed check sentences fill the gap, so the length of a thought is exactly the
 * configured count and a tiny model can learn its shape. Video-R1's CoT file has {@code <think>…</think>} in
 * {@code process} and the answer only in {@code solution}; the last sentence here names the answer in words as well,
 * because a thought that ends without its conclusion is harder to imitate.
 */
public final class Thoughts {
  private static final List<String> CHECKS = List.of(
      "Let me check again.",
      "Yes, everything I see agrees with this.",
      "Wait, let me make sure nothing else matters.",
      "Nothing else matters for the question.",
      "Hmm, that is consistent.",
      "Oh, I see, that settles it.",
      "Let me verify once more.");

  private Thoughts() {}

  /** The {@code process} field: {@code <think>} + sentences + {@code </think>}. */
  public static String process(Scene s, int sentences) {
    return process(s, sentences, true);
  }

  /**
   * The same; without {@code conclude} the thought is only the scene's facts (the demo's "red, then blue."), and the
   * answer is left to the {@code <answer>} tags.
   */
  public static String process(Scene s, int sentences, boolean conclude) {
    return "<think>" + String.join(" ", sentences(s, sentences, conclude)) + "</think>";
  }

  /** Exactly {@code count} sentences, the last of which states the answer. */
  public static List<String> sentences(Scene s, int count) {
    return sentences(s, count, true);
  }

  /** Exactly {@code count} sentences; with {@code conclude} the last one states the answer. */
  public static List<String> sentences(Scene s, int count, boolean conclude) {
    List<String> out = new ArrayList<>();
    List<String> facts = s.reasoning();
    for (int i = 0; i < count - (conclude ? 1 : 0); i++) {
      out.add(i < facts.size() ? facts.get(i) : CHECKS.get((i - facts.size()) % CHECKS.size()));
    }
    if (conclude) {
      out.add(conclusion(s));
    }
    return out;
  }

  private static String conclusion(Scene s) {
    return switch (s.problemType()) {
      case MULTIPLE_CHOICE -> "So the answer is option " + s.answer() + ".";
      case OCR -> "So the text is: " + s.answer();
      case FREE_FORM -> "So, in one sentence: " + s.answer();
      default -> "So the answer is " + s.answer() + ".";
    };
  }
}
