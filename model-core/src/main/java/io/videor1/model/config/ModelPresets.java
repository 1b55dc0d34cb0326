package io.videor1.model.config;

import java.util.List;

/**
 * Named model shapes: {@link #tiny()} for tests and the demo, {@link #mid()} for CPU benchmarks, and the real
 * Qwen2.5-VL-3B/7B-Instruct shapes (whose weights are loaded from a checkpoint directory, never created here).
 *
 * <p>Special token ids follow Qwen's layout relative to the first special id: the tiny and mid presets use a
 * 256-symbol byte-level vocabulary followed by Qwen's special tokens, so {@code <|endoftext|>} is 256 and
 * {@code <|video_pad|>} is 269 (151643 and 151656 in the real tokenizer). See {@code docs/model.md} for memory needs.
 */
public final class ModelPresets {
  private ModelPresets() {}

  /** First special-token id in the tiny and mid byte-level tokenizers. */
  public static final int TINY_SPECIAL_BASE = 256;

  /** Offsets of Qwen's special tokens from {@code <|endoftext|>} (151643 in the real vocabulary). */
  public static final List<String> SPECIAL_TOKENS = List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>",
      "<|object_ref_start|>", "<|object_ref_end|>", "<|box_start|>", "<|box_end|>", "<|quad_start|>", "<|quad_end|>",
      "<|vision_start|>", "<|vision_end|>", "<|vision_pad|>", "<|image_pad|>", "<|video_pad|>");

  /** Hidden 64, 2 layers, GQA 4/2, vocab 288; vision tower depth 2, hidden 32, one full-attention block. */
  public static Qwen25VlConfig tiny() {
    TextConfig text = new TextConfig(288, 64, 128, 2, 4, 2, 1e-6, 1_000_000.0, List.of(2, 3, 3), false, 4096, "silu");
    VisionConfig vision = new VisionConfig(2, 32, 64, 2, 3, 64, 14, 2, 2, 56, List.of(1), 2, "silu");
    return byteVocab(text, vision);
  }

  /** Hidden 512, 8 layers, GQA 8/2, intermediate 1408, vocab 32000; vision depth 4, hidden 256. */
  public static Qwen25VlConfig mid() {
    TextConfig text = new TextConfig(32000, 512, 1408, 8, 8, 2, 1e-6, 1_000_000.0, List.of(8, 12, 12), false, 32768,
        "silu");
    VisionConfig vision = new VisionConfig(4, 256, 512, 4, 3, 512, 14, 2, 2, 112, List.of(3), 2, "silu");
    return byteVocab(text, vision);
  }

  /**
   * Qwen2.5-VL-7B's widths and vocabulary (hidden 3584, MLP 18944, 28/4 heads, 152,064 ids, untied head; vision 1280
   * wide) cut to 1 decoder layer and 1 vision block, with the byte-level tokenizer's special ids: one layer of the real
   * model at full width, for measuring memory per layer and of the 2.18 GB embedding and head tensors on a CPU.
   */
  public static Qwen25VlConfig qwen25vl7bSlice() {
    TextConfig text = new TextConfig(152064, 3584, 18944, 1, 28, 4, 1e-6, 1_000_000.0, List.of(16, 24, 24), false,
        128000, "silu");
    VisionConfig vision = new VisionConfig(1, 1280, 3420, 16, 3, 3584, 14, 2, 2, 112, List.of(0), 2, "silu");
    return byteVocab(text, vision);
  }

  /**
   * Qwen2.5-VL-3B's widths and vocabulary (hidden 2048, MLP 11008, 16/2 heads, 151,936 ids, tied head; vision 1280
   * wide) cut to 1 decoder layer and 1 vision block, as {@link #qwen25vl7bSlice()} is for 7B: one layer of the real
   * model at full width, what {@code bench memory} measures 3B's activations per layer on.
   */
  public static Qwen25VlConfig qwen25vl3bSlice() {
    TextConfig text = new TextConfig(151936, 2048, 11008, 1, 16, 2, 1e-6, 1_000_000.0, List.of(16, 24, 24), true,
        128000, "silu");
    VisionConfig vision = new VisionConfig(1, 1280, 3420, 16, 3, 2048, 14, 2, 2, 112, List.of(0), 2, "silu");
    return byteVocab(text, vision);
  }

  /** The shape of Qwen/Qwen2.5-VL-3B-Instruct (tied embeddings). */
  public static Qwen25VlConfig qwen25vl3b() {
    TextConfig text = new TextConfig(151936, 2048, 11008, 36, 16, 2, 1e-6, 1_000_000.0, List.of(16, 24, 24), true,
        128000, "silu");
    return real(text, realVision(2048));
  }

  /** The shape of Qwen/Qwen2.5-VL-7B-Instruct (the base of Video-R1-7B). */
  public static Qwen25VlConfig qwen25vl7b() {
    TextConfig text = new TextConfig(152064, 3584, 18944, 28, 28, 4, 1e-6, 1_000_000.0, List.of(16, 24, 24), false,
        128000, "silu");
    return real(text, realVision(3584));
  }

  /** The preset with this name: tiny, mid, 3b, 7b, 3b-slice or 7b-slice. */
  public static Qwen25VlConfig byName(String name) {
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "tiny" -> tiny();
      case "mid" -> mid();
      case "3b", "qwen2.5-vl-3b" -> qwen25vl3b();
      case "7b", "qwen2.5-vl-7b" -> qwen25vl7b();
      case "7b-slice" -> qwen25vl7bSlice();
      case "3b-slice" -> qwen25vl3bSlice();
      default -> throw new IllegalArgumentException("model.preset must be tiny, mid, 3b, 7b, 3b-slice or 7b-slice (got " + name
          + ")");
    };
  }

  /**
   * {@code c} with its vocabulary widened (or narrowed) to {@code vocab} ids: a small preset with the LM head of a
   * real one (benchmarks), or above the sampler's small-row cut-over (tests). Special ids stay where they are.
   */
  public static Qwen25VlConfig withVocab(Qwen25VlConfig c, int vocab) {
    TextConfig t = c.text();
    TextConfig text = new TextConfig(vocab, t.hiddenSize(), t.intermediateSize(), t.numHiddenLayers(),
        t.numAttentionHeads(), t.numKeyValueHeads(), t.rmsNormEps(), t.ropeTheta(), t.mropeSection(),
        t.tieWordEmbeddings(), t.maxPositionEmbeddings(), t.hiddenAct());
    return new Qwen25VlConfig(c.modelType(), text, c.vision(), c.imageTokenId(), c.videoTokenId(),
        c.visionStartTokenId(), c.visionEndTokenId(), c.bosTokenId(), c.eosTokenId(), c.torchDtype(), null);
  }

  private static VisionConfig realVision(int out) {
    return new VisionConfig(32, 1280, 3420, 16, 3, out, 14, 2, 2, 112, List.of(7, 15, 23, 31), 2, "silu");
  }

  private static Qwen25VlConfig byteVocab(TextConfig text, VisionConfig vision) {
    int b = TINY_SPECIAL_BASE;
    return new Qwen25VlConfig("qwen2_5_vl", text, vision, b + 12, b + 13, b + 9, b + 10, b, b + 2, "float32", null);
  }

  private static Qwen25VlConfig real(TextConfig text, VisionConfig vision) {
    return new Qwen25VlConfig("qwen2_5_vl", text, vision, 151655, 151656, 151652, 151653, 151643, 151645, "bfloat16",
        null);
  }
}
