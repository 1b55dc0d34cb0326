package io.videor1.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.model.config.ModelPresets;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.golden.GoldenCase;
import io.videor1.model.golden.GoldenComparison;
import io.videor1.model.golden.GoldenDirs;
import io.videor1.model.golden.GoldenValues;
import io.videor1.model.golden.JavaOutputs;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity with Hugging Face transformers' Qwen2.5-VL on the tiny preset: patches, grids, input ids, rope indices,
 * logits of a video-and-text and an image-and-text prompt, and greedy tokens, from
 * {@code ../shared/testdata/golden/qwen25vl-tiny} (the layout {@code tools/golden/make_qwen25vl_fixtures.py} writes).
 * Floats must agree within 1e-4 (fp32), integers exactly, lengths too. Skips only where {@code ../shared} is absent.
 */
class FixtureParityTest {
  @Test
  void generatorConfigIsTheTinyPreset() throws Exception {
    Qwen25VlConfig c = Qwen25VlConfig.read(Paths.get("../tools/golden/qwen25vl_tiny_config.json"));
    assertEquals(ModelPresets.tiny().text(), c.text());
    assertEquals(ModelPresets.tiny().vision(), c.vision());
    assertEquals(ModelPresets.tiny().videoTokenId(), c.videoTokenId());
    assertEquals(ModelPresets.tiny().eosTokenId(), c.eosTokenId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"video", "image"})
  void matchesTransformers(String name) throws Exception {
    Path dir = GoldenDirs.shared("qwen25vl-tiny");
    Map<String, GoldenValues> golden = GoldenValues.read(dir.resolve("fixtures.safetensors"), name + ".");
    assertEquals(8, golden.size(), "golden arrays of " + name + ": " + golden.keySet());
    try (VisionLanguageModel vlm = VisionLanguageModel.load(dir, VisionLanguageModel.LoadOptions.cpu())) {
      GoldenComparison c = GoldenComparison.of(golden, JavaOutputs.of(vlm, GoldenCase.read(dir, name)));
      assertEquals(7, c.maxDiffs().size(), "compared " + c.maxDiffs().keySet());
      assertTrue(c.failures().isEmpty(), name + " differs from transformers:\n  " + String.join("\n  ", c.failures()));
    }
  }
}
