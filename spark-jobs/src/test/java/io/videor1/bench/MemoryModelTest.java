package io.videor1.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.model.config.ModelPresets;
import io.videor1.model.config.TextConfig;
import io.videor1.model.lora.LoraConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The memory model's arithmetic: parameter parts against the counts docs/sizing.md quotes, and the activation law. */
class MemoryModelTest {
  private static final long P7B = 8_292_166_656L;
  private static final long LORA8_7B = 20_185_088L;

  @Test
  void parameterPartsFollowWhereTheTrainerPlacesThem() {
    Map<String, Long> lora = MemoryModel.parameterParts(new MemoryModel.Setup(ModelPresets.qwen25vl7b(), 2,
        LoraConfig.languageModel(8, 16, 0), List.of(), 0.04));
    assertEquals((P7B + LORA8_7B) * 2, lora.get("executor.weights"), "fp16 base and adapters");
    assertEquals(0L, lora.get("executor.reference"), "the base with its adapters off is the reference");
    assertEquals(LORA8_7B * 2, lora.get("executor.gradients"));
    assertEquals(16 * LORA8_7B, lora.get("driver.state"));
    assertEquals(0L, lora.get("driver.model"), "a LoRA driver holds no base");

    Map<String, Long> full = MemoryModel.parameterParts(new MemoryModel.Setup(ModelPresets.qwen25vl7b(), 4, null,
        List.of("visual"), 0.04));
    long language = P7B - 676_550_144L; // docs/sizing.md: 7.62 B train with the vision tower frozen
    assertEquals(P7B * 4, full.get("executor.weights"));
    assertEquals(language * 4, full.get("executor.reference"),
        "full weights and beta > 0: the starting values of what trains; the frozen tower is shared with the policy");
    assertEquals(language * 4, full.get("executor.gradients"));
    assertEquals(16 * language, full.get("driver.state"));
    assertEquals(0L, full.get("driver.model"), "a full-weights driver reads what trains from the files");
    assertEquals(0L, MemoryModel.parameterParts(new MemoryModel.Setup(ModelPresets.qwen25vl7b(), 4, null, List.of(),
        0.0)).get("executor.reference"), "beta 0: no reference");
  }

  @Test
  void theFitRecoversTheLawFromThreePlainPasses() {
    TextConfig t = ModelPresets.mid().text();
    MemoryModel.Coefficients k = new MemoryModel.Coefficients(5e6, 9_000, 150, 12);
    List<MemoryModel.Shape> shapes = List.of(new MemoryModel.Shape(128, 6, 32, 0, false),
        new MemoryModel.Shape(128, 6, 64, 0, false), new MemoryModel.Shape(256, 6, 32, 0, false),
        new MemoryModel.Shape(256, 6, 64, 0, false), new MemoryModel.Shape(128, 6, 96, 0, false));
    List<Double> measured = shapes.stream().map(s -> MemoryModel.activations(t, 4, s, k)).toList();
    MemoryModel.Coefficients fit = MemoryModel.fit(t, shapes, measured);
    assertEquals(k.k(), fit.k(), 1e-4 * k.k());
    assertEquals(k.c0(), fit.c0(), 1e-6 * k.c0());
    assertEquals(k.c1(), fit.c1(), 1e-6 * k.c1());
    assertEquals(k.h(), fit.h(), 1e-6 * k.h());
    // a law that would need a negative coefficient: the closest one without it
    List<Double> noisy = new java.util.ArrayList<>(measured);
    noisy.set(0, noisy.get(0) * 1.3);
    MemoryModel.Coefficients clamped = MemoryModel.fit(t, shapes, noisy);
    assertTrue(clamped.k() >= 0 && clamped.c0() >= 0 && clamped.c1() >= 0 && clamped.h() >= 0, clamped.toString());
  }

  @Test
  void microBatchesAndRecomputationBoundWhatAPassKeeps() {
    TextConfig t = ModelPresets.qwen25vl7b().text();
    MemoryModel.Coefficients k = new MemoryModel.Coefficients(0, 400_000, 400, 10);
    double plain = MemoryModel.activations(t, 2, new MemoryModel.Shape(1174, 12, 768, 0, false), k);
    double micro = MemoryModel.activations(t, 2, new MemoryModel.Shape(1174, 12, 768, 1, false), k);
    double both = MemoryModel.activations(t, 2, new MemoryModel.Shape(1174, 12, 768, 1, true), k);
    assertTrue(plain > micro && micro > both, plain + " > " + micro + " > " + both);
    // recomputation keeps each layer's input: 28 layers x (prompt + one completion) x 3584 x 2 bytes, plus one layer
    double inputs = 28.0 * 3584 * 2 * (1174 + 768);
    assertTrue(both > inputs && both < inputs + 2 * (400_000.0 * 1174 + 400.0 * 1174 * 1175 / 2 + 10.0 * 152064 * 768),
        "recompute: " + both);
  }

  @Test
  void coefficientsCarryOverExactlyBetweenEqualWidthsAndScaleOtherwise() {
    MemoryModel.Coefficients k = new MemoryModel.Coefficients(0, 1000, 10, 8);
    TextConfig slice = ModelPresets.qwen25vl7bSlice().text();
    TextConfig b7 = ModelPresets.qwen25vl7b().text();
    assertTrue(MemoryModel.sameWidths(slice, b7));
    assertTrue(MemoryModel.sameWidths(ModelPresets.qwen25vl3bSlice().text(), ModelPresets.qwen25vl3b().text()));
    MemoryModel.Coefficients s = MemoryModel.scaled(k, ModelPresets.qwen25vl3b().text(), b7);
    assertEquals(1000.0 * (3584 + 18944) / (2048 + 11008), s.c0(), 1e-9);
    assertEquals(10.0 * 28 / 16, s.c1(), 1e-12);
    assertEquals(8.0, s.h());
  }
}
