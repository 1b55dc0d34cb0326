package io.videor1.synth;

import io.videor1.reward.ProblemType;
import java.util.List;

/**
 * One generated sample before it is drawn: the question, its answers and what is on screen at each sampled frame.
 *
 * <p>{@code beats} holds the moving or changing items at each frame Video-R1's sampler takes ({@link
 * SynthConfig#beatFrames()}); a still image has one beat. {@code statics} are drawn in every frame (distractors,
 * walls). The answer was computed from the scene's parameters, and {@code answerReversed} is what a viewer of the
 * frames in reverse order would answer; {@code temporal} is true exactly when the two differ.
 *
 * @param family the question family, e.g. "direction" (the record's {@code data_source} is {@code synth/<family>})
 * @param options lettered options ({@code "A. left"}) for multiple choice, else empty
 * @param answer the content of the solution's {@code <answer>} tags
 * @param reasoning the facts a chain of thought states, most important first; {@link Thoughts} appends the answer
 */
public record Scene(
    String family,
    ProblemType problemType,
    boolean video,
    String problem,
    List<String> options,
    String answer,
    String answerReversed,
    boolean temporal,
    List<String> reasoning,
    List<Item> statics,
    List<List<Item>> beats) {

  public Scene {
    options = List.copyOf(options);
    reasoning = List.copyOf(reasoning);
    statics = List.copyOf(statics);
    beats = beats.stream().map(List::copyOf).toList();
    if (temporal == answer.equals(answerReversed)) {
      throw new IllegalStateException(
          family + ": temporal=" + temporal + " but answer '" + answer + "' vs reversed '" + answerReversed + "'");
    }
  }
}
