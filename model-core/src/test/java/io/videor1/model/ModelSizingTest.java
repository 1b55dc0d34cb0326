package io.videor1.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.videor1.model.block.ModelWeights;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.lora.LoraAdapter;
import io.videor1.model.lora.LoraConfig;
import io.videor1.model.lora.Trainable;
import io.videor1.model.nn.Linear;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The parameter counts quoted in {@code docs/sizing.md}, computed from the model's own module tree.
 *
 * <p>{@link Qwen25VlModel} registers every parameter with its Hugging Face name and shape when it is constructed, before
 * any array exists, so the 3B and 7B shapes are counted without allocating their weights. The LoRA counts come from
 * {@link LoraAdapter#targets} with the configuration {@code train.lora = true} builds
 * ({@link LoraConfig#languageModel}: every decoder q/k/v/o and gate/up/down projection, rank {@code train.lora_r}).
 * Run it to print the table the document quotes:
 * {@code mvn -B -o -q -pl model-core test -Dtest=ModelSizingTest}.
 */
class ModelSizingTest {
  /** Parameters by top-level module of one preset, and its LoRA adapter at rank 64 and 8. */
  record Counts(String preset, long visual, long embedTokens, long decoder, long lmHead, int loraModules, long lora64,
      long lora8) {
    long total() {
      return visual + embedTokens + decoder + lmHead;
    }

    long language() {
      return embedTokens + decoder + lmHead;
    }
  }

  static Counts count(String preset) {
    Qwen25VlConfig cfg = ModelPresets.byName(preset);
    try (NDManager root = NDManager.newBaseManager(); Qwen25VlModel model = new Qwen25VlModel(cfg, root)) {
      Map<String, Long> byModule = new LinkedHashMap<>();
      model.shapes().forEach((name, shape) -> byModule.merge(module(name), shape.size(), Long::sum));
      Map<String, Linear> targets = LoraAdapter.targets(model, LoraConfig.languageModel(64, 128, 0));
      return new Counts(preset, byModule.getOrDefault("visual", 0L), byModule.getOrDefault("embed_tokens", 0L),
          byModule.getOrDefault("decoder", 0L), byModule.getOrDefault("lm_head", 0L), targets.size(),
          loraParams(targets, 64), loraParams(targets, 8));
    }
  }

  /** PEFT's A [r, in] and B [out, r] for every adapted layer. */
  static long loraParams(Map<String, Linear> targets, int r) {
    return targets.values().stream().mapToLong(l -> (long) r * (l.in() + l.out())).sum();
  }

  private static String module(String name) {
    if (name.startsWith("visual.")) {
      return "visual";
    }
    if (name.startsWith("lm_head.")) {
      return "lm_head";
    }
    return name.startsWith("model.embed_tokens.") ? "embed_tokens" : "decoder";
  }

  @Test
  void countsOfTheRealShapesAreTheOnesTheDocumentQuotes() {
    Counts b3 = count("3b");
    Counts b7 = count("7b");
    System.out.println(table(List.of(count("tiny"), count("mid"), b3, b7)));
    assertEquals(668_684_288L, b3.visual());
    assertEquals(311_164_928L, b3.embedTokens());
    assertEquals(2_774_773_760L, b3.decoder());
    assertEquals(0L, b3.lmHead(), "3B ties lm_head to embed_tokens (tie_word_embeddings)");
    assertEquals(3_754_622_976L, b3.total());
    assertEquals(7 * 36, b3.loraModules());
    assertEquals(119_734_272L, b3.lora64());
    assertEquals(14_966_784L, b3.lora8());

    assertEquals(676_550_144L, b7.visual());
    assertEquals(544_997_376L, b7.embedTokens());
    assertEquals(6_525_621_760L, b7.decoder());
    assertEquals(544_997_376L, b7.lmHead());
    assertEquals(8_292_166_656L, b7.total());
    assertEquals(7 * 28, b7.loraModules());
    assertEquals(161_480_704L, b7.lora64());
    assertEquals(20_185_088L, b7.lora8());
  }

  /** The 7b-slice preset is 7B's embedding and head with one of its decoder layers and one of its vision blocks. */
  @Test
  void theSevenBSliceIsOneLayerAndOneBlockOfSevenB() {
    Counts s = count("7b-slice");
    Counts b7 = count("7b");
    long norm = ModelPresets.qwen25vl7b().text().hiddenSize();
    assertEquals(b7.embedTokens(), s.embedTokens());
    assertEquals(b7.lmHead(), s.lmHead());
    assertEquals((b7.decoder() - norm) / 28 + norm, s.decoder(), "one decoder layer and the final norm");
    assertEquals(7, s.loraModules());
    assertTrue(s.total() > 1_380_000_000L && s.total() < 1_400_000_000L, "about 1.39 B parameters: " + s.total());
  }

  /** The 3b-slice preset is 3B's (tied) embedding with one of its decoder layers and one of its vision blocks. */
  @Test
  void theThreeBSliceIsOneLayerAndOneBlockOfThreeB() {
    Counts s = count("3b-slice");
    Counts b3 = count("3b");
    long norm = ModelPresets.qwen25vl3b().text().hiddenSize();
    assertEquals(b3.embedTokens(), s.embedTokens());
    assertEquals(0, s.lmHead(), "tied, as 3B");
    assertEquals((b3.decoder() - norm) / 36 + norm, s.decoder(), "one decoder layer and the final norm");
    assertEquals(7, s.loraModules());
  }

  @Test
  void theModuleTreeAgreesWithTheConfigsClosedFormCounts() {
    for (String preset : List.of("tiny", "mid", "3b", "7b", "3b-slice", "7b-slice")) {
      Qwen25VlConfig cfg = ModelPresets.byName(preset);
      Counts c = count(preset);
      assertEquals(cfg.parameterCount(), c.total(), preset);
      assertEquals(cfg.vision().parameterCount(), c.visual(), preset);
      assertEquals(cfg.text().parameterCount(), c.language(), preset);
      // LoRA in closed form: per layer r·(in+out) summed over q, k, v, o, gate, up, down.
      long h = cfg.text().hiddenSize();
      long kv = (long) cfg.text().numKeyValueHeads() * cfg.text().headDim();
      long i = cfg.text().intermediateSize();
      long perLayer = 2 * (h + h) + 2 * (h + kv) + 3 * (h + i);
      assertEquals(64L * perLayer * cfg.text().numHiddenLayers(), c.lora64(), preset);
    }
  }

  /** On the tiny preset, the counts equal the elements of real arrays: initialised weights and attached adapters. */
  @Test
  void shapeCountsEqualAllocatedArrays() {
    Qwen25VlConfig cfg = ModelPresets.tiny();
    Counts c = count("tiny");
    try (NDManager root = NDManager.newBaseManager(); Qwen25VlModel model = new Qwen25VlModel(cfg, root)) {
      ModelWeights.initRandom(model, 1, 0.02, DataType.FLOAT32);
      long allocated = model.parameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
      assertEquals(c.total(), allocated);
      LoraAdapter lora = LoraAdapter.attach(model, LoraConfig.languageModel(8, 16, 0), 3);
      Map<String, Parameter> trainable = Trainable.apply(model, lora, List.of());
      assertEquals(c.lora8(), trainable.values().stream().mapToLong(p -> p.getArray().size()).sum());
      assertFalse(trainable.keySet().stream().anyMatch(n -> n.startsWith("visual.")), "no adapter on the vision tower");
      Map<String, Parameter> full = Trainable.apply(model, null, List.of("visual"));
      assertEquals(c.language(), full.values().stream().mapToLong(p -> p.getArray().size()).sum());
      for (Map.Entry<String, Shape> e : model.shapes().entrySet()) {
        assertEquals(e.getValue(), model.parameters().get(e.getKey()).getArray().getShape(), e.getKey());
      }
    }
    assertTrue(c.lora8() > 0);
  }

  /** The table of docs/sizing.md §1: parameters, then bytes at 2 (bf16/fp16) and 4 (fp32) bytes per value. */
  static String table(List<Counts> all) {
    StringBuilder sb = new StringBuilder(
        "| preset | visual | embed_tokens | decoder layers + norm | lm_head | total | LoRA modules | LoRA r=64 | LoRA r=8 |\n"
            + "|---|---|---|---|---|---|---|---|---|\n");
    for (Counts c : all) {
      sb.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %,d | %d | %,d | %,d |%n", c.preset(),
          c.visual(), c.embedTokens(), c.decoder(), c.lmHead(), c.total(), c.loraModules(), c.lora64(), c.lora8()));
    }
    return sb.toString();
  }
}
