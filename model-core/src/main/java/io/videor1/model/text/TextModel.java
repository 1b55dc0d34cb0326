package io.videor1.model.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import io.videor1.model.config.TextConfig;
import io.videor1.model.nn.HfBlock;
import io.videor1.model.nn.RmsNorm;
import java.util.ArrayList;
import java.util.List;

/** The Qwen2 decoder ({@code model.*}): token embeddings, decoder layers and the final norm. */
public final class TextModel extends HfBlock {
  private final Parameter embedTokens;
  private final List<DecoderLayer> layers = new ArrayList<>();
  private final RmsNorm norm;
  private final TextConfig config;
  private final MRope rope;

  /** The decoder described by {@code c}. */
  public TextModel(TextConfig c) {
    this.config = c;
    this.rope = new MRope(c);
    embedTokens = child("embed_tokens", new Embedding(c.vocabSize(), c.hiddenSize())).weight;
    for (int i = 0; i < c.numHiddenLayers(); i++) {
      layers.add(child("layers." + i, new DecoderLayer(c, i)));
    }
    norm = child("norm", new RmsNorm(c.hiddenSize(), c.rmsNormEps()));
  }

  /** {@code embed_tokens}: a [vocab, hidden] table. */
  static final class Embedding extends HfBlock {
    final Parameter weight;

    Embedding(int vocab, int hidden) {
      weight = param("weight", new Shape(vocab, hidden));
    }
  }

  /** The decoder's shape. */
  public TextConfig config() {
    return config;
  }

  /** The decoder layers, in order (passes that run them one at a time: {@code GroupPass}). */
  public List<DecoderLayer> layers() {
    return java.util.Collections.unmodifiableList(layers);
  }

  /** The final norm. */
  public RmsNorm norm() {
    return norm;
  }

  /** The M-RoPE table builder. */
  public MRope rope() {
    return rope;
  }

  /** The embedding parameter [vocab, hidden] (also the LM head when tied). */
  public Parameter embedTokens() {
    return embedTokens;
  }

  /**
   * Looks up token embeddings.
   *
   * @param ids [B, T] int64
   * @return [B, T, hidden]
   */
  public NDArray embed(NDArray ids) {
    return ids.getNDArrayInternal().embedding(ids, embedTokens.getArray(), SparseFormat.DENSE).singletonOrThrow();
  }

  /**
   * Runs the decoder over new tokens after whatever {@code cache} holds.
   *
   * @param embeds [B, T, hidden]
   * @param positions [3][T] M-RoPE positions of the new tokens (shared by the batch)
   * @param cache the cache to read and, when {@code store}, extend; null for a stand-alone pass
   * @return final-norm hidden states [B, T, hidden]
   */
  public NDArray forward(NDArray embeds, int[][] positions, AttentionCache cache, boolean store, boolean training) {
    return forward(embeds, rope.tables(embeds.getManager(), positions, embeds.getDataType()), cache, store, training);
  }

  /**
   * The same with rotary tables already built: [1, 1, T, D] shared by the batch, or [B, 1, T, D] per row (rows of
   * several prompts decoding together sit at different positions).
   */
  public NDArray forward(NDArray embeds, MRope.Tables tables, AttentionCache cache, boolean store, boolean training) {
    NDArray h = embeds;
    for (DecoderLayer layer : layers) {
      h = layer.forward(h, tables, cache, store, training); // [B, T, hidden]
    }
    if (cache != null && store) {
      cache.advance((int) embeds.getShape().get(1));
    }
    return norm.forward(h);
  }
}
