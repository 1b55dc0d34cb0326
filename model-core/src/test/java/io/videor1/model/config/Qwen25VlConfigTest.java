package io.videor1.model.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class Qwen25VlConfigTest {
  /** The config.json of Qwen/Qwen2.5-VL-7B-Instruct (flat layout, {@code in_chans}). */
  static final String QWEN25VL_7B = """
      {"architectures": ["Qwen2_5_VLForConditionalGeneration"], "attention_dropout": 0.0,
       "bos_token_id": 151643, "eos_token_id": 151645, "vision_start_token_id": 151652,
       "vision_end_token_id": 151653, "vision_token_id": 151654, "image_token_id": 151655,
       "video_token_id": 151656, "hidden_act": "silu", "hidden_size": 3584, "initializer_range": 0.02,
       "intermediate_size": 18944, "max_position_embeddings": 128000, "max_window_layers": 28,
       "model_type": "qwen2_5_vl", "num_attention_heads": 28, "num_hidden_layers": 28, "num_key_value_heads": 4,
       "rms_norm_eps": 1e-06, "rope_theta": 1000000.0, "sliding_window": 32768, "tie_word_embeddings": false,
       "torch_dtype": "bfloat16", "transformers_version": "4.41.2", "use_cache": true, "use_sliding_window": false,
       "vision_config": {"depth": 32, "hidden_act": "silu", "hidden_size": 1280, "intermediate_size": 3420,
         "num_heads": 16, "in_chans": 3, "out_hidden_size": 3584, "patch_size": 14, "spatial_merge_size": 2,
         "spatial_patch_size": 14, "window_size": 112, "fullatt_block_indexes": [7, 15, 23, 31],
         "tokens_per_second": 2, "temporal_patch_size": 2},
       "rope_scaling": {"type": "mrope", "mrope_section": [16, 24, 24]}, "vocab_size": 152064}
      """;

  @Test
  void readsTheReleased7bConfig() {
    Qwen25VlConfig c = Qwen25VlConfig.fromJson(QWEN25VL_7B);
    assertEquals(ModelPresets.qwen25vl7b().text(), c.text());
    assertEquals(ModelPresets.qwen25vl7b().vision(), c.vision());
    assertEquals(151656, c.videoTokenId());
    assertEquals(151645, c.eosTokenId());
    assertEquals(List.of(16, 24, 24), c.text().mropeSection());
  }

  @Test
  void readsTheNestedLayoutOfNewerTransformers() {
    String nested = """
        {"model_type": "qwen2_5_vl", "image_token_id": 151655, "video_token_id": 151656,
         "text_config": {"vocab_size": 151936, "hidden_size": 2048, "intermediate_size": 11008,
           "num_hidden_layers": 36, "num_attention_heads": 16, "num_key_value_heads": 2, "rms_norm_eps": 1e-06,
           "max_position_embeddings": 128000, "tie_word_embeddings": true,
           "rope_parameters": {"rope_type": "default", "mrope_section": [16, 24, 24], "rope_theta": 1000000.0}},
         "vision_config": {"depth": 32, "hidden_size": 1280, "intermediate_size": 3420, "num_heads": 16,
           "in_channels": 3, "out_hidden_size": 2048, "fullatt_block_indexes": [7, 15, 23, 31]},
         "tie_word_embeddings": true}
        """;
    Qwen25VlConfig c = Qwen25VlConfig.fromJson(nested);
    assertEquals(ModelPresets.qwen25vl3b().text(), c.text());
    assertEquals(ModelPresets.qwen25vl3b().vision(), c.vision());
  }

  @Test
  void writesTheFlatLayoutAndKeepsUnknownFields() {
    Qwen25VlConfig c = Qwen25VlConfig.fromJson(QWEN25VL_7B);
    String out = c.toJson();
    Qwen25VlConfig back = Qwen25VlConfig.fromJson(out);
    assertEquals(c.text(), back.text());
    assertEquals(c.vision(), back.vision());
    assertTrue(out.contains("\"vision_token_id\": 151654"), "unknown field kept");
    assertTrue(out.contains("\"in_channels\": 3"));
    assertFalse(out.contains("in_chans"));
  }

  @Test
  void textOnlyQwen2HasPlainRope() {
    String qwen2 = """
        {"model_type": "qwen2", "vocab_size": 300, "hidden_size": 64, "intermediate_size": 128,
         "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "rope_theta": 1000000.0,
         "rms_norm_eps": 1e-6, "tie_word_embeddings": false, "hidden_act": "silu"}
        """;
    Qwen25VlConfig c = Qwen25VlConfig.fromJson(qwen2);
    assertNull(c.vision());
    assertEquals(List.of(8, 0, 0), c.text().mropeSection());
    assertTrue(c.toJson().contains("Qwen2ForCausalLM"));
  }

  @Test
  void presetsHaveTheRealParameterCounts() {
    // Qwen2.5-VL-7B: 8.29B parameters (7.07B decoder + 0.68B vision incl. merger + 0.55B each embedding/head)
    assertEquals(8_292_166_656L, ModelPresets.qwen25vl7b().parameterCount());
    assertEquals(3_754_622_976L, ModelPresets.qwen25vl3b().parameterCount());
    assertTrue(ModelPresets.mid().text().parameterCount() > 50_000_000L);
  }

  @Test
  void rejectsInconsistentShapes() {
    assertThrows(IllegalArgumentException.class, () -> new TextConfig(10, 64, 128, 2, 4, 3, 1e-6, 1e6,
        List.of(2, 3, 3), false, 10, "silu"));
    assertThrows(IllegalArgumentException.class, () -> new TextConfig(10, 64, 128, 2, 4, 2, 1e-6, 1e6,
        List.of(2, 3, 4), false, 10, "silu"));
  }
}
