package io.videor1.rl;

/**
 * Group-relative advantages (spec §5.2): A_i = (R_i − mean) / (std + ε) within one prompt's group.
 *
 * <p>std is the unbiased (N − 1) standard deviation, as torch's default {@code std}; ε = 1e-4 by default. When all
 * rewards of a group are equal the advantages are exactly 0 (finite), so only the KL term moves that prompt. Two
 * cases the reference leaves undefined are made finite: a group of one completion (torch's std is NaN there) gets
 * advantage 0, and a NaN reward is counted as 0. With {@link RlOptions#scaleAdvantageByStd()} off (Dr. GRPO) the
 * advantage is just R_i − mean. Example: R = [2.5, 1.0, 2.2, 0.0, 1.0, 2.5, 1.2, 1.0] gives mean 1.425, std 0.8892
 * and A = [1.209, −0.478, 0.872, −1.602, −0.478, 1.209, −0.253, −0.478]. Computed in double; the reference's float32
 * differs in about the seventh digit.
 */
public final class GroupAdvantages {
  private GroupAdvantages() {}

  /** The advantages of one group's rewards. */
  public static double[] compute(double[] rewards, RlOptions opts) {
    int n = rewards.length;
    double[] r = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      r[i] = Double.isNaN(rewards[i]) ? 0.0 : rewards[i];
      sum += r[i];
    }
    double[] out = new double[n];
    if (n == 0 || allEqual(r)) {
      return out; // exactly 0: mean() of equal doubles need not equal them, so do not rely on r - mean
    }
    double mean = sum / n;
    double denom = 1.0;
    if (opts.scaleAdvantageByStd()) {
      denom = std(r, mean) + opts.advantageEpsilon();
    }
    for (int i = 0; i < n; i++) {
      out[i] = (r[i] - mean) / denom;
    }
    return out;
  }

  private static boolean allEqual(double[] r) {
    for (double v : r) {
      if (v != r[0]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The advantages of consecutive groups of {@code groupSize} rewards (the reference's {@code view(-1, G)}).
   *
   * @throws IllegalArgumentException when the number of rewards is not a multiple of the group size
   */
  public static double[] computeGrouped(double[] rewards, int groupSize, RlOptions opts) {
    if (groupSize <= 0 || rewards.length % groupSize != 0) {
      throw new IllegalArgumentException(
          rewards.length + " rewards do not split into groups of " + groupSize + " (rl.numGenerations)");
    }
    double[] out = new double[rewards.length];
    double[] group = new double[groupSize];
    for (int start = 0; start < rewards.length; start += groupSize) {
      System.arraycopy(rewards, start, group, 0, groupSize);
      System.arraycopy(compute(group, opts), 0, out, start, groupSize);
    }
    return out;
  }

  /** The unbiased standard deviation; 0 for fewer than two values. */
  static double std(double[] values, double mean) {
    if (values.length < 2) {
      return 0.0;
    }
    double ss = 0;
    for (double v : values) {
      double d = v - mean;
      ss += d * d;
    }
    return Math.sqrt(ss / (values.length - 1));
  }
}
