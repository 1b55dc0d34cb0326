package io.videor1.model.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.videor1.model.TinyCheckpoints;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.io.SafeDType;
import io.videor1.model.io.SafetensorsReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoraTest {
  @TempDir Path tmp;

  /** Gives every B a non-zero value, as training would. */
  static void perturbB(LoraAdapter lora) {
    lora.parameters().forEach((n, p) -> {
      if (n.endsWith("lora_B.weight")) {
        NDArray b = p.getArray();
        try (NDManager m = b.getManager().newSubManager()) {
          NDArray r = m.randomNormal(0, 0.05f, b.getShape(), b.getDataType());
          b.addi(r);
        }
      }
    });
  }

  @Test
  void freshAdapterIsANoOpAndMergingKeepsTheLogits() throws Exception {
    try (VisionLanguageModel vlm = TinyCheckpoints.tiny(tmp.resolve("a"), 31)) {
      float[] base = logits(vlm);
      LoraConfig cfg = new LoraConfig(4, 8, 0.0, List.of("q_proj", "v_proj", "down_proj", "qkv"), false, false);
      LoraAdapter lora = LoraAdapter.attach(vlm.model(), cfg, 5);
      // suffix matching, as PEFT: 2 text layers × 3 and 2 vision blocks × (qkv, mlp.down_proj)
      assertEquals(2 * (2 * 3 + 2 * 2), lora.parameters().size());
      assertEquals(0.0, maxDiff(base, logits(vlm)), 1e-6);
      perturbB(lora);
      float[] adapted = logits(vlm);
      assertTrue(maxDiff(base, adapted) > 1e-3, "the adapter changes the outputs");
      lora.merge();
      assertEquals(0.0, maxDiff(adapted, logits(vlm)), 2e-5);
    }
  }

  private static float[] logits(VisionLanguageModel vlm) {
    return TinyCheckpoints.logits(vlm, TinyCheckpoints.videoPrompt(vlm));
  }

  private static double maxDiff(float[] a, float[] b) {
    return TinyCheckpoints.maxDiff(a, b);
  }

  @Test
  void savesInPeftLayoutAndLoadsBackOntoTheBaseModel() throws Exception {
    Path adapterDir = tmp.resolve("adapter");
    float[] adapted;
    LoraConfig cfg = LoraConfig.languageModel(2, 4, 0.05);
    try (VisionLanguageModel vlm = TinyCheckpoints.tiny(tmp.resolve("b"), 32)) {
      LoraAdapter lora = LoraAdapter.attach(vlm.model(), cfg, 6);
      perturbB(lora);
      adapted = logits(vlm);
      lora.save(adapterDir, "tiny-base", SafeDType.F32);
    }
    String json = Files.readString(adapterDir.resolve("adapter_config.json"));
    assertTrue(json.contains("\"peft_type\": \"LORA\"") && json.contains("\"r\": 2") && json.contains("q|k|v|o"));
    try (SafetensorsReader r = SafetensorsReader.open(adapterDir.resolve("adapter_model.safetensors"))) {
      assertTrue(r.contains("base_model.model.model.layers.1.mlp.down_proj.lora_B.weight"));
      assertEquals(List.of(2L, 64L), List.of(r.shape("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight")
          [0], r.shape("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight")[1]));
      assertEquals(2 * 7 * 2, r.names().size());
    }
    try (VisionLanguageModel vlm = TinyCheckpoints.tiny(tmp.resolve("c"), 32)) {
      LoraAdapter loaded = LoraAdapter.load(vlm.model(), adapterDir);
      assertEquals(cfg, loaded.config());
      assertEquals(0.0, maxDiff(adapted, logits(vlm)), 1e-6);
    }
  }

  @Test
  void freezingByModuleAndLoraOnlyTraining() throws Exception {
    try (VisionLanguageModel vlm = TinyCheckpoints.tiny(tmp.resolve("d"), 33)) {
      Map<String, Parameter> t = Trainable.apply(vlm.model(), null, List.of("visual", "model.embed_tokens"));
      assertFalse(t.containsKey("visual.blocks.0.attn.qkv.weight"));
      assertFalse(t.containsKey("model.embed_tokens.weight"));
      assertTrue(t.containsKey("model.layers.0.self_attn.q_proj.bias"));
      assertTrue(t.containsKey("lm_head.weight"));
      assertFalse(vlm.model().parameters().get("visual.merger.mlp.0.weight").getArray().hasGradient());
      LoraAdapter lora = LoraAdapter.attach(vlm.model(), LoraConfig.languageModel(2, 4, 0), 1);
      Map<String, Parameter> onlyLora = Trainable.apply(vlm.model(), lora, List.of());
      assertEquals(lora.parameters().keySet(), onlyLora.keySet());
      assertFalse(vlm.model().parameters().get("lm_head.weight").getArray().hasGradient());
    }
  }

  @Test
  void peftMatchingRules() {
    LoraConfig list = new LoraConfig(8, 16, 0.05, List.of("q_proj", "down_proj"), false, false);
    assertTrue(list.matches("model.layers.3.self_attn.q_proj"));
    assertFalse(list.matches("visual.blocks.0.attn.qkv"));
    assertTrue(list.matches("visual.blocks.0.mlp.down_proj"));
    LoraConfig lm = LoraConfig.languageModel(8, 16, 0.05);
    assertTrue(lm.matches("model.layers.3.mlp.down_proj"));
    assertTrue(lm.matches("model.language_model.layers.3.self_attn.o_proj"));
    assertFalse(lm.matches("visual.blocks.0.mlp.down_proj"));
    assertFalse(list.matches("model.layers.3.self_attn.q_proj_extra"));
    LoraConfig regex = new LoraConfig(8, 16, 0, List.of("model\\.layers\\.\\d+\\.self_attn\\.(q|v)_proj"), true,
        false);
    assertTrue(regex.matches("model.layers.10.self_attn.v_proj"));
    assertFalse(regex.matches("model.layers.10.self_attn.k_proj"));
    assertEquals(regex, LoraConfig.fromJson(regex.toJson("x")));
    assertEquals(2.0f, list.scale());
  }
}
