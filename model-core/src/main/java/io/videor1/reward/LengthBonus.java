package io.videor1.reward;

/**
 * The length bonus of Video-R1's {@code --len_control} (spec §4.5).
 *
 * <p>Let S be the completions whose accuracy (before the temporal bonus) exceeds the correctness threshold. Only when
 * S holds at least {@code minCorrect} completions (the reference: more than one), each completion in S whose length
 * L lies in [minLength, maxLength] (inclusive) gets the bonus. L counts completion tokens up to and including the
 * first EOS, or all generated tokens when there is none; the caller supplies it. The paper describes the rule
 * without the |S| condition ({@code minCorrect} = 1) and with "correct" for "accuracy &gt; 0.1".
 */
public final class LengthBonus {
  private LengthBonus() {}

  /**
   * The per-completion bonuses.
   *
   * @param accuracy accuracy rewards before any bonus, one per completion
   * @param lengths completion lengths in tokens, one per completion
   * @param correctThreshold a completion is "correct" when its accuracy is strictly above this (reference 0.1)
   * @param minCorrect the bonus applies only when at least this many are correct (reference 2)
   * @param minLength shortest length that earns the bonus (reference 320)
   * @param maxLength longest length that earns the bonus (reference 512)
   * @param bonus the bonus (reference 0.2)
   * @return one bonus (0 or {@code bonus}) per completion
   */
  public static double[] bonuses(double[] accuracy, int[] lengths, double correctThreshold, int minCorrect,
      int minLength, int maxLength, double bonus) {
    if (accuracy.length != lengths.length) {
      throw new IllegalArgumentException(
          "accuracy and lengths differ in size: " + accuracy.length + " vs " + lengths.length);
    }
    double[] out = new double[accuracy.length];
    int correct = 0;
    for (double a : accuracy) {
      if (a > correctThreshold) {
        correct++;
      }
    }
    if (correct < minCorrect) {
      return out;
    }
    for (int i = 0; i < accuracy.length; i++) {
      if (accuracy[i] > correctThreshold && lengths[i] >= minLength && lengths[i] <= maxLength) {
        out[i] = bonus;
      }
    }
    return out;
  }
}
