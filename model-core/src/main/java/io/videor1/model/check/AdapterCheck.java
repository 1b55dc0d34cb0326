package io.videor1.model.check;

import com.google.gson.JsonElement;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.io.CheckpointFiles;
import io.videor1.model.io.InvalidCheckpointException;
import io.videor1.model.io.SafetensorsHeader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks a PEFT LoRA adapter found next to the weights ({@code adapter/}, as training checkpoints keep it, or the
 * folder itself): {@code adapter_config.json} types, a valid safetensors header, and every {@code lora_A} [r, in] /
 * {@code lora_B} [out, r] pair shaped for a linear layer [out, in] of the model the config describes.
 */
final class AdapterCheck {
  static final String CONFIG = "adapter_config.json";
  static final String WEIGHTS = "adapter_model.safetensors";

  private AdapterCheck() {}

  /** The adapter of {@code files}, or null when there is none. */
  static CheckpointSummary.AdapterInfo check(CheckpointFiles files, Qwen25VlConfig config) throws IOException {
    String folder = files.isFile(CONFIG) ? "." : files.folder("adapter").isFile(CONFIG) ? "adapter" : null;
    if (folder == null) {
      return null;
    }
    CheckpointFiles a = folder.equals(".") ? files : files.folder(folder);
    JsonFields c = JsonFields.parse(a.path(CONFIG), a.readString(CONFIG));
    int r = c.integer("r", 1, 1 << 16);
    double alpha = c.number("lora_alpha", 0, 1e9, r);
    c.number("lora_dropout", -1e-12, 1, 0);
    List<String> targets = new ArrayList<>();
    JsonElement t = c.json().get("target_modules");
    if (t != null && t.isJsonPrimitive() && t.getAsJsonPrimitive().isString()) {
      targets.add(t.getAsString());
    } else if (t != null && t.isJsonArray()) {
      for (JsonElement e : t.getAsJsonArray()) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
          throw c.error("target_modules", "must be a string or an array of strings");
        }
        targets.add(e.getAsString());
      }
    } else {
      throw c.error("target_modules", "must be a string or an array of strings");
    }
    String base = c.string("base_model_name_or_path", null);
    if (!a.isFile(WEIGHTS)) {
      throw new InvalidCheckpointException(a.location(), WEIGHTS, "is missing next to " + CONFIG);
    }
    String where = a.path(WEIGHTS);
    SafetensorsHeader h = SafetensorsHeader.read(where, a.size(WEIGHTS), (off, len) -> a.read(WEIGHTS, off, len));
    Map<String, long[]> model = WeightShapes.of(config);
    long params = 0;
    for (Map.Entry<String, SafetensorsHeader.Entry> e : h.entries().entrySet()) {
      String name = e.getKey();
      long[] s = e.getValue().shape();
      boolean isA = name.endsWith(".lora_A.weight");
      if (!name.startsWith(CheckpointValidator.PEFT_PREFIX) || !(isA || name.endsWith(".lora_B.weight"))) {
        throw new InvalidCheckpointException(where, name, "is not a LoRA tensor (" + CheckpointValidator.PEFT_PREFIX
            + "<module>.lora_A.weight / .lora_B.weight)");
      }
      String module = name.substring(CheckpointValidator.PEFT_PREFIX.length(), name.length() - ".lora_A.weight".length());
      long[] w = model.get(module + ".weight");
      if (w == null || w.length != 2) {
        throw new InvalidCheckpointException(where, name, module + " is not a linear layer of the model");
      }
      long[] want = isA ? new long[] {r, w[1]} : new long[] {w[0], r};
      if (!Arrays.equals(s, want)) {
        throw new InvalidCheckpointException(where, name, "shape " + Arrays.toString(s) + " but r = " + r + " and "
            + module + " " + Arrays.toString(w) + " imply " + Arrays.toString(want));
      }
      params += e.getValue().numel();
    }
    return new CheckpointSummary.AdapterInfo(folder, r, alpha, List.copyOf(targets), base, params);
  }
}
