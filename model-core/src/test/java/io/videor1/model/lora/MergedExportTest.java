package io.videor1.model.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.model.TinyCheckpoints;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.io.SafeDType;
import io.videor1.model.io.SafetensorsReader;
import io.videor1.model.params.ParamCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merged model written tensor by tensor from the base's files equals, byte for byte, the merge that loaded the
 * base as a whole model (LoraAdapter.load + merge + save, what checkpoints and exports did before); and an adapter's
 * starting values come without the base's weights.
 */
class MergedExportTest {
  @TempDir Path tmp;

  private static final LoraConfig LORA = LoraConfig.languageModel(4, 8, 0.0);

  @Test
  void theStartingAdapterIsAttachsWithoutTheBase() throws Exception {
    LoraAdapter.Weights w = LoraAdapter.initialWeights(ModelPresets.tiny(), LORA, 77);
    try (VisionLanguageModel vlm = TinyCheckpoints.tiny(tmp.resolve("tok"), 3)) {
      Map<String, float[]> attached = ParamCodec.toFloats(LoraAdapter.attach(vlm.model(), LORA, 77).parameters());
      assertEquals(new ArrayList<>(attached.keySet()), new ArrayList<>(w.values().keySet()), "names and order");
      attached.forEach((n, v) -> assertArrayEquals(v, w.values().get(n), n));
      attached.forEach((n, v) -> assertEquals(v.length, w.shapes().get(n)[0] * w.shapes().get(n)[1], n));
    }
  }

  @Test
  void mergedTensorByTensorEqualsTheWholeModelMergeByteForByte() throws Exception {
    Path f32 = TinyCheckpoints.writeTiny(tmp.resolve("base-f32"), 11);
    Path bf16 = tmp.resolve("base-bf16");
    try (VisionLanguageModel m = VisionLanguageModel.load(f32, VisionLanguageModel.LoadOptions.cpu())) {
      m.save(bf16, SafeDType.BF16, Long.MAX_VALUE);
    }
    LoraAdapter.Weights adapter = trained(LoraAdapter.initialWeights(ModelPresets.tiny(), LORA, 5), 9);
    int i = 0;
    for (Path base : List.of(f32, bf16)) {
      for (SafeDType dtype : List.of(SafeDType.F32, SafeDType.BF16, SafeDType.F16)) {
        for (long shard : List.of(Long.MAX_VALUE, 200_000L)) {
          Path whole = tmp.resolve("whole-" + i);
          Path streamed = tmp.resolve("streamed-" + i++);
          wholeModelMerge(base, adapter, whole, dtype, shard);
          MergedExport.write(base, LORA, adapter, streamed, dtype, shard);
          assertSameFiles(whole, streamed, base.getFileName() + " -> " + dtype + ", shards of " + shard);
        }
      }
    }
    assertTrue(Files.exists(tmp.resolve("streamed-1/model.safetensors.index.json")), "the small limit shards");
    try (SafetensorsReader a = SafetensorsReader.open(f32.resolve("model.safetensors"));
        SafetensorsReader b = SafetensorsReader.open(tmp.resolve("streamed-0/model.safetensors"))) {
      String q = "model.layers.1.self_attn.q_proj.weight";
      assertFalse(java.util.Arrays.equals(a.tensor(q).toFloats(), b.tensor(q).toFloats()), "the delta is there");
      String e = "model.embed_tokens.weight";
      assertArrayEquals(a.tensor(e).toFloats(), b.tensor(e).toFloats(), "no adapter, no change");
    }
  }

  /** What TrainCheckpoint did before: the adapter saved, the base loaded whole, the adapter loaded onto it, merged. */
  private void wholeModelMerge(Path base, LoraAdapter.Weights adapter, Path out, SafeDType dtype, long shard)
      throws IOException {
    Path dir = Files.createTempDirectory(tmp, "adapter");
    LoraAdapter.save(dir, LORA, "base", adapter);
    try (VisionLanguageModel merged = VisionLanguageModel.load(base, VisionLanguageModel.LoadOptions.cpu())) {
      LoraAdapter.load(merged.model(), dir).merge();
      merged.save(out, dtype, shard);
    }
  }

  /** The adapter after some training: every value moved. */
  private static LoraAdapter.Weights trained(LoraAdapter.Weights w, long seed) {
    Random r = new Random(seed);
    w.values().values().forEach(v -> {
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) r.nextGaussian() * 0.05f;
      }
    });
    return w;
  }

  private static void assertSameFiles(Path a, Path b, String what) throws IOException {
    assertEquals(list(a), list(b), what + ": files");
    for (String f : list(a)) {
      assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), what + ": " + f);
    }
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
