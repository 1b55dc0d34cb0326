package io.videor1.model.check;

import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.config.TextConfig;
import io.videor1.model.config.VisionConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every tensor a config implies, by Hugging Face name (the released checkpoints' layout), with its shape: what
 * {@code Qwen25VlModel} would allocate, computed without an engine so a checkpoint can be checked before anything is
 * allocated. A test keeps it equal to the model's own parameter shapes.
 */
public final class WeightShapes {
  private WeightShapes() {}

  /** Name → shape for {@code c}; {@code lm_head.weight} only when the head is not tied. */
  public static Map<String, long[]> of(Qwen25VlConfig c) {
    Map<String, long[]> out = new LinkedHashMap<>();
    if (c.hasVision()) {
      vision(c.vision(), out);
    }
    TextConfig t = c.text();
    long h = t.hiddenSize();
    long kv = (long) t.numKeyValueHeads() * t.headDim();
    long inter = t.intermediateSize();
    out.put("model.embed_tokens.weight", new long[] {t.vocabSize(), h});
    for (int i = 0; i < t.numHiddenLayers(); i++) {
      String p = "model.layers." + i + ".";
      out.put(p + "input_layernorm.weight", new long[] {h});
      out.put(p + "post_attention_layernorm.weight", new long[] {h});
      out.put(p + "self_attn.q_proj.weight", new long[] {h, h});
      out.put(p + "self_attn.q_proj.bias", new long[] {h});
      out.put(p + "self_attn.k_proj.weight", new long[] {kv, h});
      out.put(p + "self_attn.k_proj.bias", new long[] {kv});
      out.put(p + "self_attn.v_proj.weight", new long[] {kv, h});
      out.put(p + "self_attn.v_proj.bias", new long[] {kv});
      out.put(p + "self_attn.o_proj.weight", new long[] {h, h});
      out.put(p + "mlp.gate_proj.weight", new long[] {inter, h});
      out.put(p + "mlp.up_proj.weight", new long[] {inter, h});
      out.put(p + "mlp.down_proj.weight", new long[] {h, inter});
    }
    out.put("model.norm.weight", new long[] {h});
    if (!t.tieWordEmbeddings()) {
      out.put("lm_head.weight", new long[] {t.vocabSize(), h});
    }
    return out;
  }

  private static void vision(VisionConfig v, Map<String, long[]> out) {
    long c = v.hiddenSize();
    long inter = v.intermediateSize();
    out.put("visual.patch_embed.proj.weight",
        new long[] {c, v.inChannels(), v.temporalPatchSize(), v.patchSize(), v.patchSize()});
    for (int i = 0; i < v.depth(); i++) {
      String p = "visual.blocks." + i + ".";
      out.put(p + "norm1.weight", new long[] {c});
      out.put(p + "norm2.weight", new long[] {c});
      out.put(p + "attn.qkv.weight", new long[] {3 * c, c});
      out.put(p + "attn.qkv.bias", new long[] {3 * c});
      out.put(p + "attn.proj.weight", new long[] {c, c});
      out.put(p + "attn.proj.bias", new long[] {c});
      out.put(p + "mlp.gate_proj.weight", new long[] {inter, c});
      out.put(p + "mlp.gate_proj.bias", new long[] {inter});
      out.put(p + "mlp.up_proj.weight", new long[] {inter, c});
      out.put(p + "mlp.up_proj.bias", new long[] {inter});
      out.put(p + "mlp.down_proj.weight", new long[] {c, inter});
      out.put(p + "mlp.down_proj.bias", new long[] {c});
    }
    long m = c * v.spatialMergeSize() * v.spatialMergeSize();
    out.put("visual.merger.ln_q.weight", new long[] {c});
    out.put("visual.merger.mlp.0.weight", new long[] {m, m});
    out.put("visual.merger.mlp.0.bias", new long[] {m});
    out.put("visual.merger.mlp.2.weight", new long[] {v.outHiddenSize(), m});
    out.put("visual.merger.mlp.2.bias", new long[] {v.outHiddenSize()});
  }
}
