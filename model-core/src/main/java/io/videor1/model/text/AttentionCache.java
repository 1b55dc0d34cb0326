package io.videor1.model.text;

import ai.djl.ndarray.NDArray;
import io.videor1.model.nn.Attention;

/**
 * What a decoder pass's attention reads earlier keys and values from, and where it puts the new ones: a sequence's
 * {@link KvCache} (prefill, teacher forcing), or the rows of several prompts decoding together ({@link BatchCache}).
 */
public interface AttentionCache {
  /**
   * Attends the queries to what layer {@code layer} has cached for their rows and causally to their own new keys.
   *
   * @param q [B, H, T, D], already rotated
   * @param own the new keys/values [B, KvH, T, D]
   * @param scale the softmax scale, 1/√D
   * @param store keep {@code own} for later passes
   * @return [B, T, H·D]
   */
  NDArray attend(int layer, NDArray q, Attention.Kv own, float scale, boolean store);

  /** Records that every layer has stored {@code tokens} more positions. */
  void advance(int tokens);
}
