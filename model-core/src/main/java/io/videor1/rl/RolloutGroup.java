package io.videor1.rl;

/**
 * The scored completions of one prompt, before any T-GRPO shaping.
 *
 * @param accuracy accuracy reward of each ordered completion (G values)
 * @param format format reward of each ordered completion
 * @param lengths completion lengths in tokens, up to and including the first EOS
 * @param shuffledAccuracy accuracy of each shuffled-frame completion (G̃ values); empty for images or when the
 *     temporal comparison is off
 * @param video whether the prompt's media is a video
 */
public record RolloutGroup(
    double[] accuracy, double[] format, int[] lengths, double[] shuffledAccuracy, boolean video) {

  /** Validates sizes. */
  public RolloutGroup {
    if (accuracy.length == 0) {
      throw new IllegalArgumentException("a rollout group needs at least one completion");
    }
    if (format.length != accuracy.length || lengths.length != accuracy.length) {
      throw new IllegalArgumentException("accuracy, format and lengths must have one value per completion (got "
          + accuracy.length + ", " + format.length + ", " + lengths.length + ")");
    }
    if (shuffledAccuracy == null) {
      shuffledAccuracy = new double[0];
    }
  }

  /** A group of an image prompt (no shuffled completions). */
  public static RolloutGroup image(double[] accuracy, double[] format, int[] lengths) {
    return new RolloutGroup(accuracy, format, lengths, new double[0], false);
  }

  /** The number of ordered completions G. */
  public int size() {
    return accuracy.length;
  }
}
