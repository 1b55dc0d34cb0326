package io.videor1.model.config;

import java.io.Serializable;
import java.util.List;

/**
 * The text decoder's shape, with Hugging Face {@code config.json} field names in the Javadoc.
 *
 * @param vocabSize {@code vocab_size}: rows of {@code embed_tokens} and {@code lm_head}
 * @param hiddenSize {@code hidden_size}
 * @param intermediateSize {@code intermediate_size}: width of the SwiGLU MLP
 * @param numHiddenLayers {@code num_hidden_layers}
 * @param numAttentionHeads {@code num_attention_heads}
 * @param numKeyValueHeads {@code num_key_value_heads} (grouped-query attention)
 * @param rmsNormEps {@code rms_norm_eps}
 * @param ropeTheta {@code rope_theta}
 * @param mropeSection {@code rope_scaling.mrope_section}: rotary frequencies given to the (t, h, w) position axes; they
 *     sum to head_dim / 2. A plain Qwen2 checkpoint gets {@code [head_dim/2, 0, 0]}, which is ordinary RoPE.
 * @param tieWordEmbeddings {@code tie_word_embeddings}: {@code lm_head} shares {@code embed_tokens}
 * @param maxPositionEmbeddings {@code max_position_embeddings}
 * @param hiddenAct {@code hidden_act} (only "silu" is supported)
 */
public record TextConfig(
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int numKeyValueHeads,
    double rmsNormEps,
    double ropeTheta,
    List<Integer> mropeSection,
    boolean tieWordEmbeddings,
    int maxPositionEmbeddings,
    String hiddenAct)
    implements Serializable {

  /** Validates the shape; messages name the config.json field. */
  public TextConfig {
    mropeSection = List.copyOf(mropeSection);
    positive(vocabSize, "vocab_size");
    positive(hiddenSize, "hidden_size");
    positive(intermediateSize, "intermediate_size");
    positive(numHiddenLayers, "num_hidden_layers");
    positive(numAttentionHeads, "num_attention_heads");
    positive(numKeyValueHeads, "num_key_value_heads");
    if (hiddenSize % numAttentionHeads != 0) {
      throw new IllegalArgumentException("hidden_size must be divisible by num_attention_heads (got " + hiddenSize
          + ", " + numAttentionHeads + ")");
    }
    if (numAttentionHeads % numKeyValueHeads != 0) {
      throw new IllegalArgumentException("num_attention_heads must be divisible by num_key_value_heads (got "
          + numAttentionHeads + ", " + numKeyValueHeads + ")");
    }
    int half = hiddenSize / numAttentionHeads / 2;
    if (mropeSection.size() != 3 || mropeSection.stream().mapToInt(Integer::intValue).sum() != half) {
      throw new IllegalArgumentException("rope_scaling.mrope_section must have 3 entries summing to head_dim/2 = "
          + half + " (got " + mropeSection + ")");
    }
    if (!"silu".equals(hiddenAct)) {
      throw new IllegalArgumentException("hidden_act must be silu (got " + hiddenAct + ")");
    }
  }

  static void positive(int v, String name) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be >= 1 (got " + v + ")");
    }
  }

  /** Per-head width: hidden_size / num_attention_heads. */
  public int headDim() {
    return hiddenSize / numAttentionHeads;
  }

  /** Query heads per key/value head. */
  public int groups() {
    return numAttentionHeads / numKeyValueHeads;
  }

  /** Parameters of the decoder, embeddings and head included (tied heads counted once). */
  public long parameterCount() {
    long h = hiddenSize;
    long kv = (long) numKeyValueHeads * headDim();
    long attn = h * h + h + 2 * (h * kv + kv) + h * h;
    long mlp = 3 * h * intermediateSize;
    long layer = attn + mlp + 2 * h;
    long emb = (long) vocabSize * h;
    return numHiddenLayers * layer + h + emb + (tieWordEmbeddings ? 0 : emb);
  }
}
