package io.videor1.inspect;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.videor1.model.check.CheckpointSummary;
import io.videor1.model.config.PreprocessorConfig;
import io.videor1.model.config.Qwen25VlConfig;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** The inspect report as aligned text for people or one JSON object for scripts (the same fields). */
public final class InspectFormat {
  private InspectFormat() {}

  /** One line per topic. */
  public static String text(CheckpointInspector.Report r) {
    CheckpointSummary s = r.summary();
    Qwen25VlConfig c = s.config();
    Map<String, Long> p = s.parametersByModule();
    long total = p.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder b = new StringBuilder();
    line(b, "checkpoint", s.location());
    line(b, "architecture", s.architecture() + " (model_type " + c.modelType() + ", torch_dtype " + c.torchDtype()
        + ")");
    line(b, "parameters", Units.count(total) + ": vision " + Units.count(p.get("vision")) + ", decoder "
        + Units.count(p.get("decoder")) + ", head " + (c.text().tieWordEmbeddings() ? "tied to embed_tokens"
        : Units.count(p.get("head"))));
    line(b, "shape", "text h " + c.text().hiddenSize() + ", " + c.text().numHiddenLayers() + " layers, "
        + c.text().numAttentionHeads() + "/" + c.text().numKeyValueHeads() + " heads, I " + c.text().intermediateSize()
        + (c.hasVision() ? "; vision h " + c.vision().hiddenSize() + ", depth " + c.vision().depth() : "; no vision"));
    line(b, "dtypes", s.dtypes().entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + " tensors)")
        .collect(Collectors.joining(", ")));
    line(b, "tied head", c.text().tieWordEmbeddings() ? "yes" : "no");
    line(b, "shards", s.shards().stream().map(x -> x.file() + " (" + Units.bytes(x.bytes()) + ", " + x.tensors()
        + " tensors)").collect(Collectors.joining(", ")));
    line(b, "vocabulary", c.text().vocabSize() + " rows (vocab_size), tokenizer " + s.tokenizer().vocabSize() + " ids");
    line(b, "special tokens", s.tokenizer().specialTokens().entrySet().stream().sorted(Map.Entry.comparingByValue())
        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
    line(b, "eos / pad", s.tokenizer().eosToken() + " / " + s.tokenizer().padToken());
    line(b, "chat template", s.tokenizer().chatTemplate() ? "yes" : "no");
    PreprocessorConfig pre = s.preprocessor();
    line(b, "preprocessor", (s.preprocessorFile() ? "" : "none (Qwen2.5-VL defaults): ") + "patch " + pre.patchSize()
        + ", temporal " + pre.temporalPatchSize() + ", merge " + pre.mergeSize() + ", pixels " + pre.minPixels() + ".."
        + pre.maxPixels() + ", mean " + Arrays.toString(pre.imageMean()) + ", std " + Arrays.toString(pre.imageStd()));
    CheckpointSummary.AdapterInfo a = s.adapter();
    line(b, "lora adapter", a == null ? "none" : a.folder() + ": r " + a.r() + ", alpha " + a.alpha() + ", targets "
        + a.targetModules() + ", " + Units.count(a.parameters()) + " parameters, base " + a.baseModel());
    line(b, "loads here", (r.loads() ? "yes: " : "no: ") + r.reason());
    return b.toString();
  }

  private static void line(StringBuilder b, String key, String value) {
    b.append(String.format("%-15s %s%n", key, value));
  }

  /** The same report as one JSON object. */
  public static String json(CheckpointInspector.Report r) {
    CheckpointSummary s = r.summary();
    Qwen25VlConfig c = s.config();
    JsonObject o = new JsonObject();
    o.addProperty("checkpoint", s.location());
    o.addProperty("architecture", s.architecture());
    o.addProperty("model_type", c.modelType());
    o.addProperty("torch_dtype", c.torchDtype());
    JsonObject params = new JsonObject();
    s.parametersByModule().forEach(params::addProperty);
    params.addProperty("total", s.parametersByModule().values().stream().mapToLong(Long::longValue).sum());
    o.add("parameters", params);
    JsonObject dtypes = new JsonObject();
    s.dtypes().forEach((k, v) -> dtypes.addProperty(k.name(), v));
    o.add("dtypes", dtypes);
    o.addProperty("tied_head", c.text().tieWordEmbeddings());
    JsonArray shards = new JsonArray();
    for (CheckpointSummary.ShardInfo x : s.shards()) {
      JsonObject sh = new JsonObject();
      sh.addProperty("file", x.file());
      sh.addProperty("bytes", x.bytes());
      sh.addProperty("tensors", x.tensors());
      shards.add(sh);
    }
    o.add("shards", shards);
    o.addProperty("vocab_size", c.text().vocabSize());
    o.addProperty("tokenizer_ids", s.tokenizer().vocabSize());
    JsonObject special = new JsonObject();
    s.tokenizer().specialTokens().entrySet().stream().sorted(Map.Entry.comparingByValue())
        .forEach(e -> special.addProperty(e.getKey(), e.getValue()));
    o.add("special_tokens", special);
    o.addProperty("eos_token", s.tokenizer().eosToken());
    o.addProperty("pad_token", s.tokenizer().padToken());
    o.addProperty("chat_template", s.tokenizer().chatTemplate());
    JsonObject pre = new JsonObject();
    PreprocessorConfig pc = s.preprocessor();
    pre.addProperty("file", s.preprocessorFile());
    pre.addProperty("patch_size", pc.patchSize());
    pre.addProperty("temporal_patch_size", pc.temporalPatchSize());
    pre.addProperty("merge_size", pc.mergeSize());
    pre.addProperty("min_pixels", pc.minPixels());
    pre.addProperty("max_pixels", pc.maxPixels());
    o.add("preprocessor", pre);
    if (s.adapter() != null) {
      JsonObject a = new JsonObject();
      a.addProperty("folder", s.adapter().folder());
      a.addProperty("r", s.adapter().r());
      a.addProperty("lora_alpha", s.adapter().alpha());
      JsonArray t = new JsonArray();
      s.adapter().targetModules().forEach(t::add);
      a.add("target_modules", t);
      a.addProperty("base_model", s.adapter().baseModel());
      a.addProperty("parameters", s.adapter().parameters());
      o.add("lora_adapter", a);
    } else {
      o.add("lora_adapter", null);
    }
    o.addProperty("float32_bytes", r.float32Bytes());
    o.addProperty("memory_bytes", r.memoryBytes());
    o.addProperty("loads", r.loads());
    o.addProperty("reason", r.reason());
    return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(o) + "\n";
  }
}
