package io.videor1.model.lora;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * LoRA settings in PEFT's vocabulary ({@code adapter_config.json}).
 *
 * <p>Target modules follow PEFT's matching: a list of names matches a module whose full name equals an entry or ends
 * with "." + entry ({@code q_proj} matches every {@code model.layers.i.self_attn.q_proj}, but not the vision tower's
 * {@code qkv}); a single string is a regular expression that must match the full module name.
 *
 * @param r rank
 * @param alpha {@code lora_alpha}; the update is scaled by α/r (α/√r with rsLoRA)
 * @param dropout {@code lora_dropout} on the adapter's input while training
 * @param targetModules module-name suffixes, or one regex when {@code targetRegex}
 * @param targetRegex {@code targetModules} holds a single full-match regular expression
 * @param useRslora {@code use_rslora}
 */
public record LoraConfig(int r, double alpha, double dropout, List<String> targetModules, boolean targetRegex,
    boolean useRslora) implements Serializable {

  /** Validates the values. */
  public LoraConfig {
    targetModules = List.copyOf(targetModules);
    if (r < 1) {
      throw new IllegalArgumentException("lora.r must be >= 1 (got " + r + ")");
    }
    if (dropout < 0 || dropout >= 1) {
      throw new IllegalArgumentException("lora.dropout must be in [0, 1) (got " + dropout + ")");
    }
    if (targetModules.isEmpty() || (targetRegex && targetModules.size() != 1)) {
      throw new IllegalArgumentException("lora.targetModules must name modules (one regex when targetRegex)");
    }
  }

  /**
   * Every attention and MLP projection of the decoder and none of the vision tower (whose MLP also has
   * {@code gate_proj/up_proj/down_proj}), as a PEFT regex that also matches newer transformers' module names.
   */
  public static LoraConfig languageModel(int r, double alpha, double dropout) {
    return new LoraConfig(r, alpha, dropout,
        List.of(".*\\.layers\\.\\d+\\.(self_attn\\.(q|k|v|o)_proj|mlp\\.(gate|up|down)_proj)"), true, false);
  }

  /** The update scale. */
  public float scale() {
    return (float) (useRslora ? alpha / Math.sqrt(r) : alpha / r);
  }

  /** True when PEFT would adapt the module named {@code name}. */
  public boolean matches(String name) {
    if (targetRegex) {
      return Pattern.compile(targetModules.get(0)).matcher(name).matches();
    }
    for (String t : targetModules) {
      if (name.equals(t) || name.endsWith("." + t)) {
        return true;
      }
    }
    return false;
  }

  /** PEFT's {@code adapter_config.json}. */
  public String toJson(String baseModel) {
    JsonObject o = new JsonObject();
    o.add("alpha_pattern", new JsonObject());
    o.add("auto_mapping", null);
    o.addProperty("base_model_name_or_path", baseModel);
    o.addProperty("bias", "none");
    o.addProperty("fan_in_fan_out", false);
    o.addProperty("inference_mode", true);
    o.addProperty("init_lora_weights", true);
    o.add("layers_pattern", null);
    o.add("layers_to_transform", null);
    o.addProperty("lora_alpha", alpha);
    o.addProperty("lora_dropout", dropout);
    o.add("modules_to_save", null);
    o.addProperty("peft_type", "LORA");
    o.addProperty("r", r);
    o.add("rank_pattern", new JsonObject());
    o.add("revision", null);
    if (targetRegex) {
      o.addProperty("target_modules", targetModules.get(0));
    } else {
      JsonArray a = new JsonArray();
      targetModules.forEach(a::add);
      o.add("target_modules", a);
    }
    o.addProperty("task_type", "CAUSAL_LM");
    o.addProperty("use_dora", false);
    o.addProperty("use_rslora", useRslora);
    return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(o) + "\n";
  }

  /** Parses an {@code adapter_config.json}. */
  public static LoraConfig fromJson(String json) {
    JsonObject o = JsonParser.parseString(json).getAsJsonObject();
    JsonElement t = o.get("target_modules");
    List<String> targets = new ArrayList<>();
    boolean regex = t.isJsonPrimitive();
    if (regex) {
      targets.add(t.getAsString());
    } else {
      t.getAsJsonArray().forEach(e -> targets.add(e.getAsString()));
    }
    boolean rs = o.has("use_rslora") && !o.get("use_rslora").isJsonNull() && o.get("use_rslora").getAsBoolean();
    return new LoraConfig(o.get("r").getAsInt(), o.get("lora_alpha").getAsDouble(),
        o.has("lora_dropout") ? o.get("lora_dropout").getAsDouble() : 0.0, targets, regex, rs);
  }
}
