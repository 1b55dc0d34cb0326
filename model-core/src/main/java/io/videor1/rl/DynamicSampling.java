package io.videor1.rl;

import java.util.ArrayList;
import java.util.List;

/**
 * Dynamic sampling (DAPO), off in the reference: drop the groups whose summed rewards all agree, since their
 * advantages are zero and they only add KL gradient, and count them.
 */
public final class DynamicSampling {
  private DynamicSampling() {}

  /**
   * The outcome of filtering.
   *
   * @param kept the groups that stay, in input order
   * @param keptIndices their indices in the input
   * @param dropped how many were dropped
   */
  public record Result(List<GroupRewards> kept, int[] keptIndices, int dropped) {}

  /** Applies the filter when {@link RlOptions#dynamicSampling()} is on; otherwise keeps every group. */
  public static Result apply(List<GroupRewards> groups, RlOptions opts) {
    List<GroupRewards> kept = new ArrayList<>(groups.size());
    List<Integer> idx = new ArrayList<>(groups.size());
    for (int i = 0; i < groups.size(); i++) {
      if (!opts.dynamicSampling() || !groups.get(i).zeroVariance()) {
        kept.add(groups.get(i));
        idx.add(i);
      }
    }
    return new Result(kept, idx.stream().mapToInt(Integer::intValue).toArray(), groups.size() - kept.size());
  }
}
