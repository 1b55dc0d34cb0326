package io.videor1.model.logprob;

import java.util.List;

/**
 * A group's completions as teacher-forcing targets: token ids padded to the longest completion, the mask that ends
 * after each completion's first EOS, and the valid lengths.
 *
 * @param ids [G·L] token ids, shorter completions padded with the pad id
 * @param mask [G·L] 1 up to and including the first EOS (or the completion's end), 0 after
 * @param lengths valid tokens per completion [G]
 * @param length L, the longest completion
 */
record Targets(long[] ids, float[] mask, int[] lengths, int length) {
  static Targets of(List<int[]> completions, int eosId, int padId) {
    int g = completions.size();
    int len = completions.stream().mapToInt(c -> c.length).max().orElse(0);
    if (g == 0 || len == 0) {
      throw new IllegalArgumentException("need at least one non-empty completion");
    }
    long[] ids = new long[g * len];
    float[] mask = new float[g * len];
    int[] lengths = new int[g];
    for (int i = 0; i < g; i++) {
      int[] c = completions.get(i);
      int valid = c.length;
      for (int t = 0; t < c.length; t++) {
        if (c[t] == eosId) {
          valid = t + 1;
          break;
        }
      }
      lengths[i] = valid;
      for (int t = 0; t < len; t++) {
        ids[i * len + t] = t < c.length ? c[t] : padId;
        mask[i * len + t] = t < valid ? 1f : 0f;
      }
    }
    return new Targets(ids, mask, lengths, len);
  }

  /** Completions in the group. */
  int size() {
    return lengths.length;
  }

  /** Rows {@code [from, to)} of a row-major [G·L] array. */
  long[] ids(int from, int to) {
    return java.util.Arrays.copyOfRange(ids, from * length, to * length);
  }

  float[] mask(int from, int to) {
    return java.util.Arrays.copyOfRange(mask, from * length, to * length);
  }
}
