package io.videor1.model.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.videor1.model.nn.Attention;
import java.util.List;

/**
 * The per-layer key/value cache of a batch of sequences, as a list of segments per layer.
 *
 * <p>New keys are appended to the batch's segment by concatenation: what a prompt's prefill or a teacher-forced pass
 * needs (one store per pass). Its segments may have batch 1 and are then shared by a group's samples without a copy
 * ({@link GroupCache}, which decodes into buffers written in place). Arrays are attached to the cache's manager, so
 * closing that manager frees them.
 */
public final class KvCache implements AttentionCache {
  private final NDManager manager;
  private final Attention.Kv[] own;
  private int length;

  /** An empty cache for {@code layers} layers. */
  public KvCache(NDManager manager, int layers) {
    this.manager = manager;
    this.own = new Attention.Kv[layers];
  }

  /** Tokens cached. */
  public int length() {
    return length;
  }

  /** The manager owning the cached arrays. */
  public NDManager manager() {
    return manager;
  }

  /** Segments layer {@code i}'s queries attend to before their own keys: none, or what was appended. */
  public List<Attention.Kv> visible(int layer) {
    return own[layer] == null ? List.of() : List.of(own[layer]);
  }

  @Override
  public NDArray attend(int layer, NDArray q, Attention.Kv own, float scale, boolean store) {
    NDArray out = Attention.causal(q, visible(layer), own, scale); // [B, T, H·D]
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
}
