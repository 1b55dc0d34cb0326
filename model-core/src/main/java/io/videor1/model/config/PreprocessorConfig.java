package io.videor1.model.config;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fields of {@code preprocessor_config.json} that the Qwen2-VL image/video processor uses.
 *
 * @param imageMean {@code image_mean}, per RGB channel (CLIP mean for Qwen2.5-VL)
 * @param imageStd {@code image_std}, per RGB channel
 * @param rescaleFactor {@code rescale_factor} (1/255)
 * @param patchSize {@code patch_size} (14)
 * @param temporalPatchSize {@code temporal_patch_size} (2)
 * @param mergeSize {@code merge_size} (2)
 * @param minPixels {@code min_pixels}
 * @param maxPixels {@code max_pixels}
 * @param sourceJson the original document, kept so writing preserves unknown fields; may be null
 */
public record PreprocessorConfig(
    float[] imageMean,
    float[] imageStd,
    double rescaleFactor,
    int patchSize,
    int temporalPatchSize,
    int mergeSize,
    long minPixels,
    long maxPixels,
    String sourceJson)
    implements Serializable {

  /** The values shipped with Qwen2.5-VL-3B/7B-Instruct. */
  public static PreprocessorConfig qwen25vl() {
    return new PreprocessorConfig(new float[] {0.48145466f, 0.4578275f, 0.40821073f},
        new float[] {0.26862954f, 0.26130258f, 0.27577711f}, 1.0 / 255, 14, 2, 2, 3136, 12845056, null);
  }

  /** Reads {@code dir/preprocessor_config.json}; a missing file gives {@link #qwen25vl()}. */
  public static PreprocessorConfig read(Path dir) throws IOException {
    Path f = dir.resolve("preprocessor_config.json");
    if (!Files.exists(f)) {
      return qwen25vl();
    }
    return fromJson(Files.readString(f, StandardCharsets.UTF_8));
  }

  /** Parses a {@code preprocessor_config.json} document; absent fields take the {@link #qwen25vl()} values. */
  public static PreprocessorConfig fromJson(String json) {
    JsonObject o = JsonParser.parseString(json).getAsJsonObject();
    PreprocessorConfig d = qwen25vl();
    return new PreprocessorConfig(floats(o, "image_mean", d.imageMean), floats(o, "image_std", d.imageStd),
        o.has("rescale_factor") ? o.get("rescale_factor").getAsDouble() : d.rescaleFactor,
        o.has("patch_size") ? o.get("patch_size").getAsInt() : 14,
        o.has("temporal_patch_size") ? o.get("temporal_patch_size").getAsInt() : 2,
        o.has("merge_size") ? o.get("merge_size").getAsInt() : 2,
        o.has("min_pixels") ? o.get("min_pixels").getAsLong() : d.minPixels,
        o.has("max_pixels") ? o.get("max_pixels").getAsLong() : d.maxPixels, json);
  }

  /** Writes {@code dir/preprocessor_config.json}. */
  public void write(Path dir) throws IOException {
    JsonObject o = sourceJson == null ? new JsonObject() : JsonParser.parseString(sourceJson).getAsJsonObject();
    o.add("image_mean", array(imageMean));
    o.add("image_std", array(imageStd));
    o.addProperty("rescale_factor", rescaleFactor);
    o.addProperty("patch_size", patchSize);
    o.addProperty("temporal_patch_size", temporalPatchSize);
    o.addProperty("merge_size", mergeSize);
    o.addProperty("min_pixels", minPixels);
    o.addProperty("max_pixels", maxPixels);
    if (!o.has("image_processor_type")) {
      o.addProperty("image_processor_type", "Qwen2VLImageProcessor");
      o.addProperty("processor_class", "Qwen2_5_VLProcessor");
      o.addProperty("do_normalize", true);
      o.addProperty("do_rescale", true);
      o.addProperty("do_resize", true);
      o.addProperty("do_convert_rgb", true);
    }
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("preprocessor_config.json"),
        new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n", StandardCharsets.UTF_8);
  }

  private static JsonArray array(float[] v) {
    JsonArray a = new JsonArray();
    for (float f : v) {
      a.add(f);
    }
    return a;
  }

  private static float[] floats(JsonObject o, String key, float[] dflt) {
    if (!o.has(key)) {
      return dflt;
    }
    JsonArray a = o.getAsJsonArray(key);
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsFloat();
    }
    return out;
  }
}
