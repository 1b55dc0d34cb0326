package io.videor1.model.vision;

import io.videor1.model.config.VisionConfig;
import io.videor1.vision.GridThw;
import java.util.ArrayList;
import java.util.List;

/**
 * The window partition of the vision tower (transformers' {@code get_window_index} and {@code rot_pos_emb}), in pure
 * Java.
 *
 * <p>Patches arrive in the processor's order: per temporal patch, 2×2 merge units in row-major order, the 4 patches
 * of a unit consecutive. The tower regroups merge units window by window (windows of {@code window_size / 28} units per
 * side, edge windows smaller, t outermost), runs window attention in most blocks and per-frame attention in the
 * {@code fullatt_block_indexes} blocks, merges, and restores the original unit order.
 *
 * @param unitOrder for each position of the windowed order, the merge unit (original index) placed there
 * @param windowLengths patches per attention window, in windowed order (empty windows dropped)
 * @param frameLengths patches per temporal patch of each item (full-attention segments), in order
 * @param rowPos row index of each patch in windowed order
 * @param colPos column index of each patch in windowed order
 */
public record WindowPlan(int[] unitOrder, int[] windowLengths, int[] frameLengths, int[] rowPos, int[] colPos) {

  /** The plan for the items {@code grids} (concatenated in this order) under {@code c}. */
  public static WindowPlan of(List<GridThw> grids, VisionConfig c) {
    int m = c.spatialMergeSize();
    int unit = m * m;
    int vms = c.mergedWindow();
    List<Integer> order = new ArrayList<>();
    List<Integer> windows = new ArrayList<>();
    List<Integer> frames = new ArrayList<>();
    int offset = 0;
    for (GridThw g : grids) {
      int lh = g.h() / m;
      int lw = g.w() / m;
      int nwh = (lh + vms - lh % vms) / vms;
      int nww = (lw + vms - lw % vms) / vms;
      for (int t = 0; t < g.t(); t++) {
        frames.add(g.h() * g.w());
        for (int wh = 0; wh < nwh; wh++) {
          for (int ww = 0; ww < nww; ww++) {
            int count = 0;
            for (int r = wh * vms; r < Math.min((wh + 1) * vms, lh); r++) {
              for (int col = ww * vms; col < Math.min((ww + 1) * vms, lw); col++) {
                order.add(offset + t * lh * lw + r * lw + col);
                count++;
              }
            }
            if (count > 0) {
              windows.add(count * unit);
            }
          }
        }
      }
      offset += g.t() * lh * lw;
    }
    int[] unitOrder = order.stream().mapToInt(Integer::intValue).toArray();
    int[][] pos = positions(grids, m);
    int[] rows = new int[unitOrder.length * unit];
    int[] cols = new int[rows.length];
    for (int i = 0; i < unitOrder.length; i++) {
      for (int j = 0; j < unit; j++) {
        rows[i * unit + j] = pos[0][unitOrder[i] * unit + j];
        cols[i * unit + j] = pos[1][unitOrder[i] * unit + j];
      }
    }
    return new WindowPlan(unitOrder, ints(windows), ints(frames), rows, cols);
  }

  /** Row and column of every patch in the processor's order: [2][N]. */
  static int[][] positions(List<GridThw> grids, int m) {
    int n = grids.stream().mapToInt(g -> g.t() * g.h() * g.w()).sum();
    int[][] p = new int[2][n];
    int i = 0;
    for (GridThw g : grids) {
      for (int t = 0; t < g.t(); t++) {
        for (int bh = 0; bh < g.h() / m; bh++) {
          for (int bw = 0; bw < g.w() / m; bw++) {
            for (int mh = 0; mh < m; mh++) {
              for (int mw = 0; mw < m; mw++) {
                p[0][i] = bh * m + mh;
                p[1][i] = bw * m + mw;
                i++;
              }
            }
          }
        }
      }
    }
    return p;
  }

  /** Patches covered. */
  public int patches() {
    return rowPos.length;
  }

  /** The inverse of {@link #unitOrder}: where each original unit sits in windowed order. */
  public int[] inverseUnitOrder() {
    int[] inv = new int[unitOrder.length];
    for (int i = 0; i < unitOrder.length; i++) {
      inv[unitOrder[i]] = i;
    }
    return inv;
  }

  private static int[] ints(List<Integer> l) {
    return l.stream().mapToInt(Integer::intValue).toArray();
  }
}
