package io.videor1.model.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.videor1.model.nn.Attention;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The decode cache against recomputation: at every step each live row's attention output equals attention over the
 * prompt and that row's tokens concatenated from scratch, while rows retire, the buffers double (16, 32, then the
 * budget) and are compacted only once at most half their rows are live.
 */
class GroupCacheTest {
  private static final int KV_HEADS = 2;
  private static final int HEADS = 4;
  private static final int DIM = 8;
  private static final int LAYERS = 2;
  private static final int ROWS = 6;
  private static final int BUDGET = 40;
  /** Step → rows (of the original six) that finish after it. */
  private static final Map<Integer, List<Integer>> RETIRE = Map.of(4, List.of(1), 8, List.of(0, 4), 19, List.of(2),
      24, List.of(5));

  @Test
  void attentionEqualsRecomputationAsRowsRetireAndBuffersGrow() {
    try (NDManager m = NDManager.newBaseManager()) {
      float scale = (float) (1 / Math.sqrt(DIM));
      KvCache prefill = new KvCache(m, LAYERS);
      for (int l = 0; l < LAYERS; l++) {
        prefill.append(l, new Attention.Kv(m.randomNormal(new Shape(1, KV_HEADS, 5, DIM)),
            m.randomNormal(new Shape(1, KV_HEADS, 5, DIM))));
      }
      prefill.advance(5);
      GroupCache cache = new GroupCache(m, prefill, LAYERS, ROWS, BUDGET);
      List<Integer> live = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5));
      // history[layer][row]: the keys/values [1, KvH, 1, D] the row stored, step by step
      List<List<List<Attention.Kv>>> history = new ArrayList<>();
      for (int l = 0; l < LAYERS; l++) {
        List<List<Attention.Kv>> rows = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
          rows.add(new ArrayList<>());
        }
        history.add(rows);
      }
      List<String> seen = new ArrayList<>();
      double worst = 0;
      for (int t = 0; t < BUDGET; t++) {
        try (NDManager step = m.newSubManager()) {
          int a = live.size();
          for (int l = 0; l < LAYERS; l++) {
            NDArray q = step.randomNormal(new Shape(a, HEADS, 1, DIM));
            NDArray k = step.randomNormal(new Shape(a, KV_HEADS, 1, DIM));
            NDArray v = step.randomNormal(new Shape(a, KV_HEADS, 1, DIM));
            float[] got = cache.attend(l, q, new Attention.Kv(k, v), scale, true).toFloatArray(); // [A, 1, H·D]
            for (int i = 0; i < a; i++) {
              int row = live.get(i);
              List<Attention.Kv> visible = new ArrayList<>(prefill.visible(l));
              List<Attention.Kv> past = history.get(l).get(row);
              if (!past.isEmpty()) {
                visible.add(new Attention.Kv(cat(past, true), cat(past, false)));
              }
              String r = i + ":" + (i + 1);
              float[] want = Attention.causal(q.get(r), visible, new Attention.Kv(k.get(r), v.get(r)), scale)
                  .toFloatArray();
              for (int j = 0; j < want.length; j++) {
                worst = Math.max(worst, Math.abs(want[j] - got[i * want.length + j]));
              }
              NDArray kr = k.get(r).duplicate();
              NDArray vr = v.get(r).duplicate();
              kr.attach(m);
              vr.attach(m);
              past.add(new Attention.Kv(kr, vr));
            }
          }
          cache.advance();
        }
        seen.add(cache.bufferRows() + "x" + cache.capacity());
        List<Integer> done = RETIRE.getOrDefault(t, List.of());
        if (!done.isEmpty()) {
          int[] keep = live.stream().filter(r -> !done.contains(r)).mapToInt(live::indexOf).toArray();
          live.removeAll(done);
          cache.keep(keep);
          assertEquals(live.size(), cache.rows());
        }
      }
      assertTrue(worst < 1e-5, "max |attention - recomputation| " + worst);
      // buffer rows x capacity after each step: lazily compacted (6 kept with 5 live, 3 with 2), doubled 16 -> 32 -> 40
      assertEquals("6x16", seen.get(0));
      assertEquals("6x16", seen.get(5));
      assertEquals("3x16", seen.get(9));
      assertEquals("3x32", seen.get(16));
      assertEquals("3x32", seen.get(20));
      assertEquals("1x32", seen.get(25));
      assertEquals("1x40", seen.get(BUDGET - 1));
    }
  }

  private static NDArray cat(List<Attention.Kv> past, boolean keys) {
    NDList l = new NDList();
    past.forEach(kv -> l.add(keys ? kv.k() : kv.v()));
    return l.size() == 1 ? l.get(0) : NDArrays.concat(l, 2); // [1, KvH, t, D]
  }
}
