package io.videor1.rl;

import java.util.Arrays;
import java.util.List;

/**
 * The credit that the non-reference {@link TemporalMode}s give one prompt's group (issue 30): pure functions of the
 * group's GRPO rewards and, for the modes with a teacher-forced pass on the shuffled frames, each ordered completion's
 * per-token log-probability gaps g_it = log π_old(y_it|ordered) − log π_old(y_it|shuffled).
 *
 * <ul>
 *   <li>{@link TemporalMode#PROMPT_WEIGHT} (the control): A_i = w·A_i^GRPO with w = max(p − p̃, floor) for a prompt
 *       with shuffled completions; others keep w = 1 (nothing was measured, so the control changes nothing there).
 *       It can only reweight prompts, as the published bonus does, and bounds what prompt weighting alone gives;
 *   <li>{@link TemporalMode#LIKELIHOOD_RATIO}: s_i = mean_t g_it; among the group's correct completions (accuracy
 *       above the correctness threshold, at least two of them, their s not all equal) the reward gains
 *       λ·clip(z_i, −2, 2), z_i = (s_i − mean_C s) / std_C s; then GRPO's advantages of the summed rewards. The smooth
 *       form was chosen over TaRO's "+α above the group's mean" because a threshold turns two nearly equal gaps into a
 *       full α apart (the teacher-forced gap is a noisy estimate), the z-score makes λ independent of the gap's scale
 *       (which grows with the model and the frames), the clip bounds one outlier's pull, and it also pushes a correct
 *       answer that did not use the order (a shortcut) below the correct answers that did. Only correct answers are
 *       compared: which wrong answer used the order more says nothing about which answer to prefer;
 *   <li>{@link TemporalMode#KEY_TOKENS}: GRPO's advantages, each completion's applied only to the ⌈ρ·n⌉ of its n
 *       tokens with the largest |g_t| (ties to the earlier token), scaled by n/⌈ρ·n⌉ so that the per-token factors
 *       average 1 over the completion and the update's scale is GRPO's; the KL term stays on every token;
 *   <li>{@link TemporalMode#CONTRAST_KL}: GRPO's advantages; its order term lives in the loss
 *       (the model side's {@code ContrastKl}) on the completions {@link #correct} selects;
 *   <li>{@link TemporalMode#ANSWER_CONTRAST}: GRPO's advantages; its order term, on one correct completion's answer
 *       element alone, lives in the loss too (the model side's {@code AnswerContrast}).
 * </ul>
 *
 * <p>A group without gaps (the mode does not apply to it: an image, a record the data marks as not order-dependent)
 * keeps GRPO's advantages on every token.
 */
public final class TemporalCredit {
  private TemporalCredit() {}

  /** The bound of the likelihood-ratio bonus' z-score, in standard deviations. */
  public static final double Z_CLIP = 2.0;

  /**
   * What a mode did to one group.
   *
   * @param rewards the group's rewards: GRPO's, plus the likelihood-ratio bonus in {@code temporalBonus} and
   *     {@code total}; p and p̃ as measured
   * @param advantages one per completion
   * @param scores s_i, each completion's mean gap, NaN where no pass ran (or the completion has no token)
   * @param weight the prompt's weight, NaN where the mode gives none
   * @param tokenScale per completion, the factor of its advantage on each valid token (key tokens), or null for 1
   */
  public record Credit(GroupRewards rewards, double[] advantages, double[] scores, double weight,
      double[][] tokenScale) {}

  /**
   * Whether the order of a prompt's frames is to be credited: a video whose record marks it order-dependent, or any
   * video when the data has no such mark ({@code temporal} null).
   */
  public static boolean ordersMatter(boolean video, Boolean temporal) {
    return video && (temporal == null || temporal);
  }

  /** GRPO's rewards of a group (no temporal bonus), with p and p̃ measured when it has shuffled completions. */
  public static GroupRewards grpoRewards(RolloutGroup g, RlOptions opts) {
    RlOptions off = opts.toBuilder().optTemporal(false).optTemporalMode(opts.temporalMode()
        .withMode(TemporalMode.REFERENCE)).build();
    return TGrpoRewards.assemble(List.of(g), off).get(0);
  }

  /**
   * The credit of a group in {@code opts}' mode.
   *
   * @param grpo the group's GRPO rewards ({@link #grpoRewards})
   * @param gaps per completion, g_t on each valid token, or null where no pass ran
   * @throws IllegalArgumentException in the reference mode (its rewards are {@link TGrpoRewards}') or when the gaps
   *     do not have one row per completion
   */
  public static Credit of(GroupRewards grpo, double[][] gaps, RlOptions opts) {
    TemporalModeOptions t = opts.temporalMode();
    if (gaps != null && gaps.length != grpo.size()) {
      throw new IllegalArgumentException(gaps.length + " rows of gaps for a group of " + grpo.size());
    }
    double[] scores = scores(gaps, grpo.size());
    return switch (t.mode()) {
      case REFERENCE -> throw new IllegalArgumentException("the reference mode's rewards are TGrpoRewards'");
      case PROMPT_WEIGHT -> {
        double w = promptWeight(grpo.orderedMean(), grpo.shuffledMean(), t.promptWeightFloor());
        double[] a = GroupAdvantages.compute(grpo.total(), opts);
        if (!Double.isNaN(w)) {
          for (int i = 0; i < a.length; i++) {
            a[i] *= w;
          }
        }
        yield new Credit(grpo, a, scores, w, null);
      }
      case LIKELIHOOD_RATIO -> {
        double[] bonus = likelihoodBonus(grpo.accuracy(), scores, opts.correctThreshold(), t.lambda());
        GroupRewards r = withBonus(grpo, bonus);
        yield new Credit(r, GroupAdvantages.compute(r.total(), opts), scores, Double.NaN, null);
      }
      case KEY_TOKENS -> new Credit(grpo, GroupAdvantages.compute(grpo.total(), opts), scores, Double.NaN,
          gaps == null ? null : keyTokenScale(gaps, t.keyTokenFraction()));
      case CONTRAST_KL, SHUFFLED_NEGATIVE, ANSWER_CONTRAST -> new Credit(grpo,
          GroupAdvantages.compute(grpo.total(), opts), scores, Double.NaN, null);
    };
  }

  /**
   * {@link TemporalMode#SHUFFLED_NEGATIVE}'s advantages of the G̃ completions sampled on the shuffled frames: GRPO's
   * advantages of their accuracy (the format reward does not depend on the order, so it is left out), negated, times
   * G̃/G so that each counts as much as an ordered completion in a loss normalised per group. All equal (all right or
   * all wrong): zeros, as GRPO gives a group without contrast.
   *
   * @param shuffledAccuracy accuracy of each shuffled completion
   * @param g G, the ordered group's size
   */
  public static double[] shuffledAdvantages(double[] shuffledAccuracy, int g, RlOptions opts) {
    if (shuffledAccuracy.length == 0) {
      return new double[0];
    }
    double[] a = GroupAdvantages.compute(shuffledAccuracy, opts);
    double share = (double) shuffledAccuracy.length / g;
    for (int j = 0; j < a.length; j++) {
      a[j] = -a[j] * share;
    }
    return a;
  }

  /**
   * The control's weight: max(p − p̃, floor), or NaN when p̃ was not measured (no shuffled completions).
   */
  public static double promptWeight(double p, double pShuffled, double floor) {
    if (Double.isNaN(pShuffled) || Double.isNaN(p)) {
      return Double.NaN;
    }
    return Math.max(p - pShuffled, floor);
  }

  /** Which completions are correct (accuracy above the threshold): the rows of the contrast-KL term. */
  public static boolean[] correct(double[] accuracy, double correctThreshold) {
    boolean[] out = new boolean[accuracy.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = accuracy[i] > correctThreshold;
    }
    return out;
  }

  /** Each completion's mean gap s_i; NaN for all without gaps, and for a completion without tokens. */
  public static double[] scores(double[][] gaps, int size) {
    double[] s = new double[size];
    Arrays.fill(s, Double.NaN);
    if (gaps == null) {
      return s;
    }
    for (int i = 0; i < size; i++) {
      if (gaps[i].length > 0) {
        double sum = 0;
        for (double g : gaps[i]) {
          sum += g;
        }
        s[i] = sum / gaps[i].length;
      }
    }
    return s;
  }

  /** λ·clip(z(s_i), ±{@link #Z_CLIP}) for the correct completions with a score, 0 elsewhere (see the class). */
  public static double[] likelihoodBonus(double[] accuracy, double[] scores, double correctThreshold, double lambda) {
    int n = accuracy.length;
    double[] bonus = new double[n];
    double sum = 0;
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (accuracy[i] > correctThreshold && !Double.isNaN(scores[i])) {
        sum += scores[i];
        k++;
      }
    }
    if (k < 2) {
      return bonus; // one correct answer has nothing to be ranked against; GRPO's advantage already favours it
    }
    double mean = sum / k;
    double ss = 0;
    for (int i = 0; i < n; i++) {
      if (accuracy[i] > correctThreshold && !Double.isNaN(scores[i])) {
        ss += (scores[i] - mean) * (scores[i] - mean);
      }
    }
    double std = Math.sqrt(ss / (k - 1));
    if (!(std > 0)) {
      return bonus;
    }
    for (int i = 0; i < n; i++) {
      if (accuracy[i] > correctThreshold && !Double.isNaN(scores[i])) {
        double z = (scores[i] - mean) / std;
        bonus[i] = lambda * Math.max(-Z_CLIP, Math.min(Z_CLIP, z));
      }
    }
    return bonus;
  }

  /**
   * Per completion, n/k on the k = ⌈fraction·n⌉ tokens of largest |gap| (ties to the earlier token) and 0 on the
   * others; an empty row for a completion without tokens.
   */
  public static double[][] keyTokenScale(double[][] gaps, double fraction) {
    double[][] out = new double[gaps.length][];
    for (int i = 0; i < gaps.length; i++) {
      int n = gaps[i].length;
      out[i] = new double[n];
      if (n == 0) {
        continue;
      }
      int k = Math.max(1, (int) Math.ceil(fraction * n - 1e-9)); // 0.2·10 is 2, not 3 after rounding
      Integer[] order = new Integer[n];
      for (int t = 0; t < n; t++) {
        order[t] = t;
      }
      double[] g = gaps[i];
      Arrays.sort(order, (a, b) -> {
        int c = Double.compare(Math.abs(g[b]), Math.abs(g[a]));
        return c != 0 ? c : Integer.compare(a, b);
      });
      for (int j = 0; j < k; j++) {
        out[i][order[j]] = (double) n / k;
      }
    }
    return out;
  }

  private static GroupRewards withBonus(GroupRewards g, double[] bonus) {
    double[] total = g.total().clone();
    for (int i = 0; i < total.length; i++) {
      total[i] += bonus[i];
    }
    return new GroupRewards(g.accuracy(), g.format(), bonus, g.lengthBonus(), total, g.lengths(), g.video(),
        g.orderedMean(), g.shuffledMean(), g.groupWin(), g.temporalIndicator());
  }
}
