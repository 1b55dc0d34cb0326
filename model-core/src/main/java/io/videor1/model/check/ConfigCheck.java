package io.videor1.model.check;

import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.io.InvalidCheckpointException;

/**
 * Checks an untrusted {@code config.json} field by field before {@link Qwen25VlConfig#fromJson} reads it: every field
 * the model uses has the right JSON type, required ones are present, sizes are at least 1 and at most a bound, token
 * ids fall inside the vocabulary. Gson alone would read {@code "64"} or {@code 64.5} as 64 and a missing size as a
 * NullPointerException.
 *
 * <p>The upper bounds are 8 to 30 times the largest released Qwen2.5-VL (72B: hidden 8192, intermediate 29568, 80
 * layers, vocabulary 152064; vision hidden 1280, depth 32); they keep every shape product far from overflow. Whether the
 * files hold tensors of the implied shapes is {@link WeightsCheck}'s job.
 */
public final class ConfigCheck {
  static final int MAX_VOCAB = 1 << 22;
  static final int MAX_HIDDEN = 1 << 16;
  static final int MAX_INTERMEDIATE = 1 << 19;
  static final int MAX_LAYERS = 1024;
  static final int MAX_HEADS = 1024;

  private ConfigCheck() {}

  /** The config of {@code text}, read from {@code file}. */
  public static Qwen25VlConfig check(String file, String text) throws InvalidCheckpointException {
    JsonFields root = JsonFields.parse(file, text);
    JsonFields inner = root.object("text_config");
    int vocab = in(root, inner, "vocab_size").integer("vocab_size", 1, MAX_VOCAB);
    int hidden = in(root, inner, "hidden_size").integer("hidden_size", 1, MAX_HIDDEN);
    in(root, inner, "intermediate_size").integer("intermediate_size", 1, MAX_INTERMEDIATE);
    in(root, inner, "num_hidden_layers").integer("num_hidden_layers", 1, MAX_LAYERS);
    in(root, inner, "num_attention_heads").integer("num_attention_heads", 1, MAX_HEADS);
    in(root, inner, "num_key_value_heads").integer("num_key_value_heads", 1, MAX_HEADS, 1);
    in(root, inner, "max_position_embeddings").integer("max_position_embeddings", 1, 1 << 24, 1);
    in(root, inner, "rms_norm_eps").number("rms_norm_eps", 0, 1, 1e-6);
    in(root, inner, "rope_theta").number("rope_theta", 0, 1e12, 1e6);
    in(root, inner, "hidden_act").string("hidden_act", "silu");
    in(root, inner, "tie_word_embeddings").bool("tie_word_embeddings", false);
    root.string("model_type", "");
    root.string("torch_dtype", "");
    for (String rope : new String[] {"rope_scaling", "rope_parameters"}) {
      JsonFields r = in(root, inner, rope).object(rope);
      if (r != null) {
        r.integers("mrope_section", 3, 0, MAX_HIDDEN);
        r.number("rope_theta", 0, 1e12, 1e6);
      }
    }
    for (String id : new String[] {"image_token_id", "video_token_id", "vision_start_token_id", "vision_end_token_id"}) {
      root.integer(id, 0, vocab - 1L, 0);
    }
    for (String id : new String[] {"bos_token_id", "eos_token_id"}) {
      JsonFields src = in(root, inner, id);
      if (src.has(id) && src.json().get(id).isJsonArray()) {
        src.integers(id, -1, 0, vocab - 1L);
      } else {
        src.integer(id, 0, vocab - 1L, 0);
      }
    }
    JsonFields v = root.object("vision_config");
    if (v != null) {
      vision(v, hidden);
    }
    try {
      return Qwen25VlConfig.fromJson(text);
    } catch (RuntimeException e) { // the records' own checks (divisibility, mrope_section sums, hidden_act)
      String msg = String.valueOf(e.getMessage());
      int sp = msg.indexOf(' ');
      throw new InvalidCheckpointException(file, sp > 0 ? msg.substring(0, sp) : "config", sp > 0
          ? msg.substring(sp + 1) : msg);
    }
  }

  private static void vision(JsonFields v, int textHidden) throws InvalidCheckpointException {
    int depth = v.integer("depth", 1, MAX_LAYERS, 32);
    v.integer("hidden_size", 1, MAX_HIDDEN, 1280);
    v.integer("intermediate_size", 1, MAX_INTERMEDIATE, 3420);
    v.integer("num_heads", 1, MAX_HEADS, 16);
    v.integer("in_channels", 1, 16, 3);
    v.integer("in_chans", 1, 16, 3);
    v.integer("patch_size", 1, 64, 14);
    v.integer("spatial_patch_size", 1, 64, 14);
    v.integer("spatial_merge_size", 1, 16, 2);
    v.integer("temporal_patch_size", 1, 16, 2);
    v.integer("window_size", 1, 1 << 16, 112);
    v.integer("tokens_per_second", 1, 1000, 2);
    v.string("hidden_act", "silu");
    v.integers("fullatt_block_indexes", -1, 0, depth - 1L);
    int out = v.integer("out_hidden_size", 1, MAX_HIDDEN, textHidden);
    if (out != textHidden) {
      throw v.error("out_hidden_size", "must equal the text hidden_size " + textHidden + " (got " + out + "): the"
          + " merger's output is the decoder's input");
    }
  }

  /** Where a text field lives: {@code text_config} when it has the field, else the top level. */
  private static JsonFields in(JsonFields root, JsonFields inner, String k) {
    return inner != null && inner.has(k) ? inner : root;
  }
}
