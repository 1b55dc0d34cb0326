package io.videor1.model.config;

import java.io.Serializable;
import java.util.List;

/**
 * The Qwen2.5-VL vision tower's shape ({@code vision_config} in {@code config.json}).
 *
 * @param depth {@code depth}: number of vision blocks
 * @param hiddenSize {@code hidden_size}
 * @param intermediateSize {@code intermediate_size} of the blocks' SwiGLU MLP
 * @param numHeads {@code num_heads}
 * @param inChannels {@code in_channels} (older files: {@code in_chans})
 * @param outHiddenSize {@code out_hidden_size}: the merger's output, equal to the text hidden size
 * @param patchSize {@code patch_size} (14)
 * @param spatialMergeSize {@code spatial_merge_size} (2: the merger joins 2×2 patches)
 * @param temporalPatchSize {@code temporal_patch_size} (2 frames per patch)
 * @param windowSize {@code window_size} in pixels (112: 4×4 merged tokens per attention window)
 * @param fullattBlockIndexes {@code fullatt_block_indexes}: blocks that attend over a whole frame, not a window
 * @param tokensPerSecond {@code tokens_per_second}: temporal rope positions per second of video
 * @param hiddenAct {@code hidden_act} (only "silu")
 */
public record VisionConfig(
    int depth,
    int hiddenSize,
    int intermediateSize,
    int numHeads,
    int inChannels,
    int outHiddenSize,
    int patchSize,
    int spatialMergeSize,
    int temporalPatchSize,
    int windowSize,
    List<Integer> fullattBlockIndexes,
    int tokensPerSecond,
    String hiddenAct)
    implements Serializable {

  /** Validates the shape; messages name the config.json field. */
  public VisionConfig {
    fullattBlockIndexes = List.copyOf(fullattBlockIndexes);
    TextConfig.positive(depth, "vision_config.depth");
    TextConfig.positive(hiddenSize, "vision_config.hidden_size");
    TextConfig.positive(numHeads, "vision_config.num_heads");
    if (hiddenSize % numHeads != 0 || (hiddenSize / numHeads) % 4 != 0) {
      throw new IllegalArgumentException("vision_config.hidden_size / num_heads must be a multiple of 4 (got "
          + hiddenSize + " / " + numHeads + ")");
    }
    if (windowSize % (spatialMergeSize * patchSize) != 0) {
      throw new IllegalArgumentException("vision_config.window_size must be a multiple of spatial_merge_size * "
          + "patch_size (got " + windowSize + ")");
    }
    if (!"silu".equals(hiddenAct)) {
      throw new IllegalArgumentException("vision_config.hidden_act must be silu (got " + hiddenAct + ")");
    }
  }

  /** Per-head width. */
  public int headDim() {
    return hiddenSize / numHeads;
  }

  /** Values per flattened patch: in_channels · temporal_patch · patch². */
  public int patchDim() {
    return inChannels * temporalPatchSize * patchSize * patchSize;
  }

  /** Merged tokens along one side of an attention window: window_size / merge / patch. */
  public int mergedWindow() {
    return windowSize / spatialMergeSize / patchSize;
  }

  /** Parameters of the tower, merger included. */
  public long parameterCount() {
    long c = hiddenSize;
    long block = 2 * c + (c * 3 * c + 3 * c) + (c * c + c) + 2 * (c * intermediateSize + intermediateSize)
        + (intermediateSize * c + c);
    long m = c * spatialMergeSize * spatialMergeSize;
    long merger = c + (m * m + m) + (m * outHiddenSize + outHiddenSize);
    return (long) patchDim() * c + depth * block + merger;
  }
}
