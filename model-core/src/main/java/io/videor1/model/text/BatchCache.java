package io.videor1.model.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.videor1.model.nn.Attention;
import java.util.List;

/**
 * One decode step of the rows of several groups (each a prompt's samples, with its own {@link GroupCache}): the
 * decoder's linear layers see every row at once, while each group's rows attend only to their own prompt and tokens,
 * with the shapes they would have decoding alone.
 *
 * <p>Rows [s_g, s_g + rows_g) of the step belong to group g, in list order; rows after the last group are padding
 * (their attention output is zeros and their logits are dropped).
 */
public final class BatchCache implements AttentionCache {
  private final List<GroupCache> groups;
  private final int rows;

  /**
   * A step over {@code groups} (each with at least one decoding row) and {@code rows} rows in all, padding included.
   */
  public BatchCache(List<GroupCache> groups, int rows) {
    int real = groups.stream().mapToInt(GroupCache::rows).sum();
    if (groups.isEmpty() || groups.stream().anyMatch(g -> g.rows() == 0) || rows < real) {
      throw new IllegalArgumentException("a decode step needs groups with decoding rows and at least their " + real
          + " rows, got " + rows);
    }
    this.groups = List.copyOf(groups);
    this.rows = rows;
  }

  @Override
  public NDArray attend(int layer, NDArray q, Attention.Kv own, float scale, boolean store) {
    if (groups.size() == 1 && rows == groups.get(0).rows()) {
      return groups.get(0).attend(layer, q, own, scale, store); // [A, 1, H·D]: the one-group path, unsliced
    }
    NDList outs = new NDList();
    int start = 0;
    for (GroupCache g : groups) {
      NDIndex r = new NDIndex("{}:{}", start, start + g.rows());
      outs.add(g.attend(layer, q.get(r), new Attention.Kv(own.k().get(r), own.v().get(r)), scale, store));
      start += g.rows();
    }
    if (start < rows) {
      NDArray first = outs.get(0); // [A_0, 1, H·D]
      outs.add(first.getManager().zeros(new Shape(rows - start).addAll(first.getShape().slice(1)),
          first.getDataType(), first.getDevice()));
    }
    return NDArrays.concat(outs, 0); // [rows, 1, H·D]
  }

  @Override
  public void advance(int tokens) {
    if (tokens != 1) {
      throw new IllegalArgumentException("a decode step stores one position per row, not " + tokens);
    }
    groups.forEach(GroupCache::advance);
  }
}
