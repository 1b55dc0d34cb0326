package io.videor1.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.generate.Completion;
import io.videor1.model.generate.Generator;
import io.videor1.model.generate.SamplingParams;
import io.videor1.model.io.SafeTensor;
import io.videor1.model.io.SafetensorsReader;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.preprocess.Processor;
import io.videor1.vision.GridThw;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity with Hugging Face transformers' Qwen2.5-VL on a tiny random configuration: patches, rope indices, logits of a
 * video-and-text and an image-and-text prompt, and greedy tokens, from the golden files written by
 * {@code tools/golden/make_qwen25vl_fixtures.py}. Floats must agree within 1e-4 (fp32), integers exactly. Skips until
 * the fixtures have been generated on a machine with transformers.
 */
class FixtureParityTest {
  static final Path DIR = Paths.get("src/test/resources/fixtures/qwen25vl-tiny");

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
    Path fixtures = DIR.resolve("fixtures.safetensors");
    Assumptions.assumeTrue(Files.exists(fixtures), "golden fixtures not generated yet: run "
        + "tools/golden/make_qwen25vl_fixtures.py on a machine with transformers (none was available to this build)");
    JsonObject meta = JsonParser.parseString(Files.readString(DIR.resolve("fixtures.json"))).getAsJsonObject()
        .getAsJsonObject(name);
    try (SafetensorsReader r = SafetensorsReader.open(fixtures);
        VisionLanguageModel vlm = VisionLanguageModel.load(DIR, VisionLanguageModel.LoadOptions.cpu())) {
      SafeTensor pixels = r.tensor(name + ".pixels");
      long[] ps = pixels.shape();
      int n = (int) ps[0];
      int h = (int) ps[1];
      int w = (int) ps[2];
      byte[] all = new byte[(int) pixels.numel()];
      pixels.data().get(all);
      byte[][] frames = new byte[n][];
      for (int i = 0; i < n; i++) {
        frames[i] = java.util.Arrays.copyOfRange(all, i * h * w * 3, (i + 1) * h * w * 3);
      }
      String prompt = meta.get("prompt").getAsString();
      ModelInputs in = name.equals("video")
          ? vlm.processor().process(prompt, List.of(), List.of(new Processor.Video(frames, h, w,
              meta.get("fps").getAsDouble())))
          : vlm.processor().process(prompt, List.of(new Processor.Image(frames[0], h, w)), List.of());
      assertArrayEquals(r.tensor(name + ".input_ids").toLongs(), longs(in.inputIds()), "input ids");
      long[] grid = r.tensor(name + ".grid_thw").toLongs();
      GridThw g = name.equals("video") ? in.videoGrids().get(0) : in.imageGrids().get(0);
      assertArrayEquals(grid, new long[] {g.t(), g.h(), g.w()}, "grid_thw");
      float[] pv = name.equals("video") ? in.videoPixels() : in.imagePixels();
      assertTrue(TinyCheckpoints.maxDiff(r.tensor(name + ".pixel_values").toFloats(), pv) <= 1e-4, "patches");
      long[] pos = r.tensor(name + ".position_ids").toLongs();
      for (int a = 0; a < 3; a++) {
        assertArrayEquals(java.util.Arrays.copyOfRange(pos, a * in.length(), (a + 1) * in.length()),
            longs(in.positions()[a]), "position ids axis " + a);
      }
      assertEquals(r.tensor(name + ".rope_delta").toLongs()[0], in.ropeDelta(), "rope delta");
      double d = TinyCheckpoints.maxDiff(r.tensor(name + ".logits").toFloats(), TinyCheckpoints.logits(vlm, in));
      assertTrue(d <= 1e-4, "max |Δlogit| " + d);
      long[] greedy = r.tensor(name + ".greedy").toLongs();
      Completion c = vlm.generate(in, 1, SamplingParams.greedy(meta.get("greedy_max_new_tokens").getAsInt()),
          new Generator.SeedIds(0, 0, 0)).get(0);
      assertArrayEquals(greedy, longs(c.tokenIds()), "greedy tokens");
    }
  }

  private static long[] longs(int[] a) {
    return java.util.Arrays.stream(a).asLongStream().toArray();
  }
}
