package io.videor1.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.videor1.model.nn.Attention;
import io.videor1.model.text.AttentionCache;
import java.util.ArrayList;
import java.util.List;

/**
 * The KV cache as it was before issue #29's part 3, verbatim but for its name and {@link #attend}: every decode step
 * concatenates its keys onto a new array, and the rows are gathered at every retirement. {@link LegacyGenerator}'s.
 *
 * <p>The per-layer key/value cache of a batch of sequences, as a list of segments per layer.
 *
 * <p>Shared segments are read-only and may have batch 1: a prompt prefilled once is shared by the G samples drawn
 * from it ({@link #fork}) with no copy. New keys are appended to the batch's own segment. Arrays are attached to
 * the cache's manager, so closing that manager frees them.
 */
final class LegacyKvCache implements AttentionCache {
  private final NDManager manager;
  private final List<List<Attention.Kv>> shared;
  private final Attention.Kv[] own;
  private int length;

  /** An empty cache for {@code layers} layers. */
  LegacyKvCache(NDManager manager, int layers) {
    this(manager, emptyLayers(layers), 0);
  }

  private LegacyKvCache(NDManager manager, List<List<Attention.Kv>> shared, int length) {
    this.manager = manager;
    this.shared = shared;
    this.own = new Attention.Kv[shared.size()];
    this.length = length;
  }

  private static List<List<Attention.Kv>> emptyLayers(int layers) {
    List<List<Attention.Kv>> l = new ArrayList<>();
    for (int i = 0; i < layers; i++) {
      l.add(List.of());
    }
    return l;
  }

  /** Tokens cached (shared and own). */
  public int length() {
    return length;
  }

  /** The manager owning the cached arrays. */
  public NDManager manager() {
    return manager;
  }

  /** Segments layer {@code i}'s queries attend to before their own keys. */
  public List<Attention.Kv> visible(int layer) {
    List<Attention.Kv> v = new ArrayList<>(shared.get(layer));
    if (own[layer] != null) {
      v.add(own[layer]);
    }
    return v;
  }

  @Override
  public NDArray attend(int layer, NDArray q, Attention.Kv own, float scale, boolean store) {
    NDArray out = Attention.causal(q, visible(layer), own, scale); // [B, T, H·D]: what TextAttention did inline
    if (store) {
      append(layer, own);
    }
    return out;
  }

  /** Appends a layer's new keys/values [B, KvH, T, D]; call once per layer per step, then {@link #advance}. */
  public void append(int layer, Attention.Kv kv) {
    Attention.Kv cur = own[layer];
    NDArray k = cur == null ? kv.k() : cur.k().concat(kv.k(), 2);
    NDArray v = cur == null ? kv.v() : cur.v().concat(kv.v(), 2);
    k.attach(manager);
    v.attach(manager);
    if (cur != null) {
      cur.k().close();
      cur.v().close();
    }
    own[layer] = new Attention.Kv(k, v);
  }

  /** Records that {@code tokens} more positions are cached. */
  @Override
  public void advance(int tokens) {
    length += tokens;
  }

  /**
   * A new cache that sees everything cached here as a read-only shared prefix (broadcast over any batch size), with an
   * empty own segment. This cache must stay open while the fork is used.
   */
  public LegacyKvCache fork(NDManager forkManager) {
    List<List<Attention.Kv>> layers = new ArrayList<>();
    for (int i = 0; i < shared.size(); i++) {
      layers.add(List.copyOf(visible(i)));
    }
    return new LegacyKvCache(forkManager, layers, length);
  }

  /** Keeps only the given rows (batch indices, ascending) of the own segments, e.g. after some samples finished. */
  public void keepRows(NDArray rows) {
    for (int i = 0; i < own.length; i++) {
      Attention.Kv cur = own[i];
      if (cur == null) {
        continue;
      }
      NDArray k = cur.k().get(rows);
      NDArray v = cur.v().get(rows);
      k.attach(manager);
      v.attach(manager);
      cur.k().close();
      cur.v().close();
      own[i] = new Attention.Kv(k, v);
    }
  }
}
