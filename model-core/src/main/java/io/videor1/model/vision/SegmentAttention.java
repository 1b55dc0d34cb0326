package io.videor1.model.vision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.videor1.model.nn.Attention;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Block-diagonal attention over consecutive segments of a flat token sequence (transformers' {@code cu_seqlens}).
 *
 * <p>Segments of equal length are gathered into one batch and attended with one batched matmul; the results are put
 * back in place with one inverse gather. When every segment has the same length (per-frame attention, or a video
 * whose grid is a multiple of the window) no gather is needed at all.
 */
final class SegmentAttention {
  private final int[] gather;
  private final int[] scatter;
  private final long[] groupCounts;
  private final long[] groupLengths;

  /** A plan for {@code lengths} (consecutive, covering the sequence). */
  SegmentAttention(int[] lengths) {
    Map<Integer, List<Integer>> starts = new LinkedHashMap<>();
    int pos = 0;
    for (int len : lengths) {
      starts.computeIfAbsent(len, k -> new ArrayList<>()).add(pos);
      pos += len;
    }
    groupCounts = new long[starts.size()];
    groupLengths = new long[starts.size()];
    int g = 0;
    int[] order = new int[pos];
    int o = 0;
    for (Map.Entry<Integer, List<Integer>> e : starts.entrySet()) {
      groupLengths[g] = e.getKey();
      groupCounts[g] = e.getValue().size();
      g++;
      for (int s : e.getValue()) {
        for (int i = 0; i < e.getKey(); i++) {
          order[o++] = s + i;
        }
      }
    }
    boolean identity = true;
    for (int i = 0; i < order.length; i++) {
      identity &= order[i] == i;
    }
    gather = identity ? null : order;
    scatter = identity ? null : invert(order);
  }

  private static int[] invert(int[] p) {
    int[] inv = new int[p.length];
    for (int i = 0; i < p.length; i++) {
      inv[p[i]] = i;
    }
    return inv;
  }

  /**
   * Attention within each segment.
   *
   * @param q [N, H, D], rotated
   * @param k [N, H, D], rotated
   * @param v [N, H, D]
   * @return [N, H·D]
   */
  NDArray attend(NDArray q, NDArray k, NDArray v, float scale) {
    NDManager m = q.getManager();
    long n = q.getShape().get(0);
    long h = q.getShape().get(1);
    long d = q.getShape().get(2);
    if (gather != null) {
      NDArray idx = m.create(gather);
      q = q.get(idx);
      k = k.get(idx);
      v = v.get(idx);
    }
    NDList outs = new NDList();
    NDList qs = split(q);
    NDList ks = split(k);
    NDList vs = split(v);
    for (int g = 0; g < groupCounts.length; g++) {
      long c = groupCounts[g];
      long len = groupLengths[g];
      NDArray qg = qs.get(g).reshape(c, len, h, d).transpose(0, 2, 1, 3); // [c, H, L, D]
      NDArray kg = ks.get(g).reshape(c, len, h, d).transpose(0, 2, 1, 3);
      NDArray vg = vs.get(g).reshape(c, len, h, d).transpose(0, 2, 1, 3);
      NDArray og = Attention.full(qg, kg, vg, scale); // [c, H, L, D]
      outs.add(og.transpose(0, 2, 1, 3).reshape(c * len, h * d)); // [c·L, H·D]
    }
    NDArray out = outs.size() == 1 ? outs.get(0) : NDArrays.concat(outs, 0); // [N, H·D]
    if (scatter != null) {
      out = out.get(m.create(scatter));
    }
    return out.reshape(n, h * d);
  }

  private NDList split(NDArray x) {
    if (groupCounts.length == 1) {
      return new NDList(x);
    }
    long[] cuts = new long[groupCounts.length - 1];
    long acc = 0;
    for (int g = 0; g < cuts.length; g++) {
      acc += groupCounts[g] * groupLengths[g];
      cuts[g] = acc;
    }
    return x.split(cuts, 0);
  }
}
