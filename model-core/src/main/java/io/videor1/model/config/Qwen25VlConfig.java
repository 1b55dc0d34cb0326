package io.videor1.model.config;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Hugging Face {@code config.json} of a Qwen2.5-VL model (or a text-only Qwen2 model), field names kept.
 *
 * <p>Reads both layouts transformers has used: the flat one of the released checkpoints (text fields at the top level,
 * {@code rope_scaling.mrope_section}) and the nested one of newer releases ({@code text_config},
 * {@code rope_parameters}). {@link #toJson()} writes the flat layout, which every transformers release since 4.49 and
 * vLLM read, starting from the original file so unknown fields survive a load/save round trip.
 *
 * @param modelType {@code model_type}: "qwen2_5_vl", or "qwen2" for a text-only checkpoint
 * @param text the decoder
 * @param vision the vision tower, null for a text-only checkpoint
 * @param imageTokenId {@code image_token_id} (151655 in Qwen's tokenizer)
 * @param videoTokenId {@code video_token_id} (151656)
 * @param visionStartTokenId {@code vision_start_token_id} (151652)
 * @param visionEndTokenId {@code vision_end_token_id} (151653)
 * @param bosTokenId {@code bos_token_id}, -1 when absent
 * @param eosTokenId {@code eos_token_id}, -1 when absent
 * @param torchDtype {@code torch_dtype}: "bfloat16", "float16" or "float32"
 * @param sourceJson the file this config was read from, or null; used to keep unknown fields when writing
 */
public record Qwen25VlConfig(
    String modelType,
    TextConfig text,
    VisionConfig vision,
    int imageTokenId,
    int videoTokenId,
    int visionStartTokenId,
    int visionEndTokenId,
    int bosTokenId,
    int eosTokenId,
    String torchDtype,
    String sourceJson)
    implements Serializable {

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

  /** True when the checkpoint has a vision tower. */
  public boolean hasVision() {
    return vision != null;
  }

  /** Total parameters (vision tower included). */
  public long parameterCount() {
    return text.parameterCount() + (vision == null ? 0 : vision.parameterCount());
  }

  /** A copy with another {@code torch_dtype}. */
  public Qwen25VlConfig withTorchDtype(String dtype) {
    return new Qwen25VlConfig(modelType, text, vision, imageTokenId, videoTokenId, visionStartTokenId,
        visionEndTokenId, bosTokenId, eosTokenId, dtype, sourceJson);
  }

  /** Reads {@code dir/config.json} (or the file itself when {@code path} is a file). */
  public static Qwen25VlConfig read(Path path) throws IOException {
    Path file = Files.isDirectory(path) ? path.resolve("config.json") : path;
    return fromJson(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Parses a config.json document. */
  public static Qwen25VlConfig fromJson(String json) {
    JsonObject root = JsonParser.parseString(json).getAsJsonObject();
    JsonObject t = root.has("text_config") ? merged(root, root.getAsJsonObject("text_config")) : root;
    JsonObject rope = t.has("rope_scaling") && t.get("rope_scaling").isJsonObject() ? t.getAsJsonObject("rope_scaling")
        : t.has("rope_parameters") && t.get("rope_parameters").isJsonObject() ? t.getAsJsonObject("rope_parameters")
        : new JsonObject();
    int hidden = t.get("hidden_size").getAsInt();
    int heads = t.get("num_attention_heads").getAsInt();
    List<Integer> mrope = rope.has("mrope_section") ? ints(rope.getAsJsonArray("mrope_section"))
        : List.of(hidden / heads / 2, 0, 0);
    double theta = t.has("rope_theta") ? t.get("rope_theta").getAsDouble()
        : rope.has("rope_theta") ? rope.get("rope_theta").getAsDouble() : 1_000_000.0;
    TextConfig text = new TextConfig(
        t.get("vocab_size").getAsInt(), hidden, t.get("intermediate_size").getAsInt(),
        t.get("num_hidden_layers").getAsInt(), heads, intOr(t, "num_key_value_heads", heads),
        doubleOr(t, "rms_norm_eps", 1e-6), theta, mrope, boolOr(root, "tie_word_embeddings",
            boolOr(t, "tie_word_embeddings", false)), intOr(t, "max_position_embeddings", 32768),
        strOr(t, "hidden_act", "silu"));
    VisionConfig vision = root.has("vision_config") ? vision(root.getAsJsonObject("vision_config"), hidden) : null;
    return new Qwen25VlConfig(strOr(root, "model_type", vision == null ? "qwen2" : "qwen2_5_vl"), text, vision,
        intOr(root, "image_token_id", 151655), intOr(root, "video_token_id", 151656),
        intOr(root, "vision_start_token_id", 151652), intOr(root, "vision_end_token_id", 151653),
        intOr(root, "bos_token_id", intOr(t, "bos_token_id", -1)), intOr(root, "eos_token_id",
            intOr(t, "eos_token_id", -1)), strOr(root, "torch_dtype", strOr(t, "torch_dtype", "float32")), json);
  }

  private static VisionConfig vision(JsonObject v, int textHidden) {
    List<Integer> full = v.has("fullatt_block_indexes") ? ints(v.getAsJsonArray("fullatt_block_indexes")) : List.of();
    return new VisionConfig(intOr(v, "depth", 32), intOr(v, "hidden_size", 1280), intOr(v, "intermediate_size", 3420),
        intOr(v, "num_heads", 16), intOr(v, "in_channels", intOr(v, "in_chans", 3)),
        intOr(v, "out_hidden_size", textHidden), intOr(v, "patch_size", intOr(v, "spatial_patch_size", 14)),
        intOr(v, "spatial_merge_size", 2), intOr(v, "temporal_patch_size", 2), intOr(v, "window_size", 112), full,
        intOr(v, "tokens_per_second", 2), strOr(v, "hidden_act", "silu"));
  }

  /** Writes {@code dir/config.json}. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("config.json"), toJson(), StandardCharsets.UTF_8);
  }

  /** The flat Hugging Face layout, over the original document's unknown fields. */
  public String toJson() {
    JsonObject o = sourceJson == null ? new JsonObject() : JsonParser.parseString(sourceJson).getAsJsonObject();
    o.remove("text_config");
    o.remove("rope_parameters");
    JsonArray arch = new JsonArray();
    arch.add(hasVision() ? "Qwen2_5_VLForConditionalGeneration" : "Qwen2ForCausalLM");
    o.add("architectures", arch);
    o.addProperty("model_type", modelType);
    o.addProperty("attention_dropout", 0.0);
    if (bosTokenId >= 0) {
      o.addProperty("bos_token_id", bosTokenId);
    }
    if (eosTokenId >= 0) {
      o.addProperty("eos_token_id", eosTokenId);
    }
    o.addProperty("hidden_act", text.hiddenAct());
    o.addProperty("hidden_size", text.hiddenSize());
    o.addProperty("initializer_range", 0.02);
    o.addProperty("intermediate_size", text.intermediateSize());
    o.addProperty("max_position_embeddings", text.maxPositionEmbeddings());
    o.addProperty("max_window_layers", text.numHiddenLayers());
    o.addProperty("num_attention_heads", text.numAttentionHeads());
    o.addProperty("num_hidden_layers", text.numHiddenLayers());
    o.addProperty("num_key_value_heads", text.numKeyValueHeads());
    o.addProperty("rms_norm_eps", text.rmsNormEps());
    o.addProperty("rope_theta", text.ropeTheta());
    if (!o.has("sliding_window")) {
      o.addProperty("sliding_window", text.maxPositionEmbeddings());
    }
    o.addProperty("tie_word_embeddings", text.tieWordEmbeddings());
    o.addProperty("torch_dtype", torchDtype);
    o.addProperty("use_cache", true);
    o.addProperty("use_sliding_window", false);
    o.addProperty("vocab_size", text.vocabSize());
    if (hasVision()) {
      o.addProperty("image_token_id", imageTokenId);
      o.addProperty("video_token_id", videoTokenId);
      o.addProperty("vision_start_token_id", visionStartTokenId);
      o.addProperty("vision_end_token_id", visionEndTokenId);
      JsonObject rope = new JsonObject();
      rope.addProperty("type", "mrope");
      rope.add("mrope_section", array(text.mropeSection()));
      o.add("rope_scaling", rope);
      JsonObject v = o.has("vision_config") ? o.getAsJsonObject("vision_config") : new JsonObject();
      o.add("vision_config", visionJson(v));
    }
    return GSON.toJson(o) + "\n";
  }

  private JsonObject visionJson(JsonObject v) {
    v.remove("in_chans");
    v.addProperty("depth", vision.depth());
    v.addProperty("hidden_act", vision.hiddenAct());
    v.addProperty("hidden_size", vision.hiddenSize());
    v.addProperty("intermediate_size", vision.intermediateSize());
    v.addProperty("num_heads", vision.numHeads());
    v.addProperty("in_channels", vision.inChannels());
    v.addProperty("out_hidden_size", vision.outHiddenSize());
    v.addProperty("patch_size", vision.patchSize());
    v.addProperty("spatial_merge_size", vision.spatialMergeSize());
    v.addProperty("spatial_patch_size", vision.patchSize());
    v.addProperty("temporal_patch_size", vision.temporalPatchSize());
    v.addProperty("window_size", vision.windowSize());
    v.add("fullatt_block_indexes", array(vision.fullattBlockIndexes()));
    v.addProperty("tokens_per_second", vision.tokensPerSecond());
    return v;
  }

  private static JsonObject merged(JsonObject root, JsonObject inner) {
    JsonObject m = root.deepCopy();
    inner.entrySet().forEach(e -> m.add(e.getKey(), e.getValue()));
    return m;
  }

  private static JsonArray array(List<Integer> values) {
    JsonArray a = new JsonArray();
    values.forEach(a::add);
    return a;
  }

  private static List<Integer> ints(JsonArray a) {
    List<Integer> out = new ArrayList<>();
    a.forEach(e -> out.add(e.getAsInt()));
    return out;
  }

  private static int intOr(JsonObject o, String k, int d) {
    JsonElement e = o.get(k);
    return e == null || e.isJsonNull() ? d : e.isJsonArray() ? e.getAsJsonArray().get(0).getAsInt() : e.getAsInt();
  }

  private static double doubleOr(JsonObject o, String k, double d) {
    JsonElement e = o.get(k);
    return e == null || e.isJsonNull() ? d : e.getAsDouble();
  }

  private static boolean boolOr(JsonObject o, String k, boolean d) {
    JsonElement e = o.get(k);
    return e == null || e.isJsonNull() ? d : e.getAsBoolean();
  }

  private static String strOr(JsonObject o, String k, String d) {
    JsonElement e = o.get(k);
    return e == null || e.isJsonNull() ? d : e.getAsString();
  }
}
