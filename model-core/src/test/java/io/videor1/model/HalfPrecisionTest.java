package io.videor1.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.videor1.model.block.Precision;
import io.videor1.model.golden.GoldenCase;
import io.videor1.model.golden.GoldenDirs;
import io.videor1.model.golden.GoldenValues;
import io.videor1.model.io.SafeDType;
import io.videor1.model.io.SafeTensor;
import io.videor1.model.io.SafetensorsReader;
import io.videor1.model.io.SafetensorsWriter;
import io.videor1.model.lora.LoraAdapter;
import io.videor1.model.lora.LoraConfig;
import io.videor1.model.lora.Trainable;
import io.videor1.model.nn.Linear;
import io.videor1.model.preprocess.ModelInputs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * float16 compute against float32: logits on the shared golden cases, checkpoints that float16 cannot hold, and the
 * LoRA reference as the base with its adapters switched off.
 */
class HalfPrecisionTest {
  @TempDir Path tmp;

  /**
   * Tolerance, relative to the largest |logit| of the case: 8 units of float16's rounding (u = 2^-11). Weights and
   * activations are rounded to 11 significant bits once per product, and products accumulate in float32 (CPU and
   * GPU half GEMMs, and the scores here, which are float32 throughout), so each layer adds a few u of relative error
   * to its output and the residual stream carries them: a few u per layer on these 2-layer models, while one
   * misplaced operation in half (softmax, the norm statistics, an overflowing Q·Kᵀ) would be off by orders more.
   */
  static final double RELATIVE_TOLERANCE = 8 * Math.scalb(1.0, -11);

  @Test
  void float16LogitsMatchFloat32AndTransformersOnTheGoldenCases() throws IOException {
    Path dir = GoldenDirs.cases();
    try (VisionLanguageModel f32 = VisionLanguageModel.load(dir, VisionLanguageModel.LoadOptions.cpu());
        VisionLanguageModel f16 = VisionLanguageModel.load(dir, halfCompute())) {
      assertEquals(DataType.FLOAT16, f16.model().dataType());
      for (String name : GoldenCase.names(dir)) {
        GoldenCase c = GoldenCase.read(dir, name);
        ModelInputs in = f32.processor().process(c.prompt(), c.images(), c.videos());
        float[] full = TinyCheckpoints.logits(f32, in);
        float[] half = TinyCheckpoints.logits(f16, in);
        double[] golden = GoldenValues.read(dir.resolve("fixtures.safetensors"), name + ".").get("logits").floats();
        double scale = 0;
        double vsGolden = 0;
        for (int i = 0; i < full.length; i++) {
          scale = Math.max(scale, Math.abs(full[i]));
          vsGolden = Math.max(vsGolden, Math.abs(half[i] - golden[i]));
        }
        double vsFull = TinyCheckpoints.maxDiff(full, half);
        System.out.printf(Locale.ROOT, "fp16 %s: max|logit| %.3f, max|fp16 - fp32| %.3g, max|fp16 - transformers| "
            + "%.3g (%.2f u relative)%n", name, scale, vsFull, vsGolden, vsGolden / scale / Math.scalb(1.0, -11));
        assertTrue(vsFull <= RELATIVE_TOLERANCE * scale, name + ": fp16 against fp32 " + vsFull);
        assertTrue(vsGolden <= RELATIVE_TOLERANCE * scale, name + ": fp16 against transformers " + vsGolden);
        assertTrue(vsFull > 0, name + ": fp16 must actually compute in half precision");
      }
    }
  }

  /**
   * Backward in float16 reaches every parameter, through the widening casts of the norms, the scores and the
   * log-softmax, and gives float32's gradient up to half precision: each tensor's gradient within 3% of float32's in
   * L2 (half's 11 bits in every product of the backward pass; a cast that cut the graph would give 100% or none).
   */
  @Test
  void float16GradientsReachEveryParameterAndMatchFloat32() throws IOException {
    Path ck = TinyCheckpoints.writeTiny(tmp.resolve("g"), 17);
    List<int[]> completions = List.of(new int[] {72, 105, 33, 258}, new int[] {40, 41, 42});
    Map<String, float[]> g32 = gradients(ck, DataType.FLOAT32, completions);
    Map<String, float[]> g16 = gradients(ck, DataType.FLOAT16, completions);
    double worst = 0;
    for (Map.Entry<String, float[]> e : g32.entrySet()) {
      float[] a = e.getValue();
      float[] b = g16.get(e.getKey());
      double diff = 0;
      double norm = 0;
      for (int i = 0; i < a.length; i++) {
        diff += (a[i] - (double) b[i]) * (a[i] - (double) b[i]);
        norm += (double) a[i] * a[i];
      }
      assertTrue(norm > 0, e.getKey() + " has no float32 gradient");
      worst = Math.max(worst, Math.sqrt(diff / norm));
      assertTrue(Math.sqrt(diff / norm) <= 0.03, e.getKey() + ": relative L2 error " + Math.sqrt(diff / norm));
    }
    System.out.printf(Locale.ROOT, "fp16 gradients: worst relative L2 error over %d tensors %.4f%n", g32.size(),
        worst);
  }

  /**
   * float16 weights and float16 products, as on a GPU: forced here, because on a CPU {@link Precision#of} stores
   * float16 and computes in float32 (StoredHalfPrecisionTest), and these tests check the GPU's numerics.
   */
  static VisionLanguageModel.LoadOptions halfCompute() {
    return new VisionLanguageModel.LoadOptions(DataType.FLOAT16, Device.cpu(), Precision.exact(DataType.FLOAT16));
  }

  private static Map<String, float[]> gradients(Path ck, DataType dtype, List<int[]> completions) throws IOException {
    try (VisionLanguageModel vlm = VisionLanguageModel.load(ck, dtype == DataType.FLOAT16 ? halfCompute()
        : VisionLanguageModel.LoadOptions.cpu())) {
      Map<String, ai.djl.nn.Parameter> trainable = Trainable.apply(vlm.model(), null, List.of());
      ModelInputs in = TinyCheckpoints.videoPrompt(vlm);
      try (NDManager m = vlm.newManager();
          ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
        var lp = vlm.logProbs(m, in, completions, true);
        gc.backward(lp.logp().mul(lp.mask()).sum().neg());
      }
      return io.videor1.model.params.ParamCodec.gradients(trainable);
    }
  }

  @Test
  void bfloat16ValuesOutsideFloat16RangeAreRefusedWithTheTensorsName() throws IOException {
    Path ck = TinyCheckpoints.writeTiny(tmp.resolve("ck"), 7);
    // rewrite the single shard in bf16 with one value past 65504
    Path file = ck.resolve("model.safetensors");
    Map<String, SafeTensor> tensors = new LinkedHashMap<>();
    String victim = "model.layers.1.mlp.up_proj.weight";
    try (SafetensorsReader r = SafetensorsReader.open(file)) {
      for (String n : r.names()) {
        float[] v = r.tensor(n).toFloats();
        if (n.equals(victim)) {
          v[5] = 70000f;
        }
        tensors.put(n, SafeTensor.ofFloats(v, r.shape(n), SafeDType.BF16));
      }
    }
    SafetensorsWriter.write(file, tensors, Map.of("format", "pt"));
    IOException e = assertThrows(IOException.class, () -> VisionLanguageModel.load(ck,
        new VisionLanguageModel.LoadOptions(DataType.FLOAT16, Device.cpu())));
    assertTrue(e.getMessage().startsWith(victim + ": value 70144.0 at element 5 is outside float16's range"),
        e.getMessage());
    try (VisionLanguageModel ok = VisionLanguageModel.load(ck, VisionLanguageModel.LoadOptions.cpu())) {
      assertEquals(DataType.FLOAT32, ok.model().dataType(), "float32 holds it");
    }
  }

  @Test
  void loraReferenceIsTheBaseWithAdaptersOffAndEqualsASecondCopy() throws IOException {
    Path ck = TinyCheckpoints.writeTiny(tmp.resolve("base"), 11);
    List<int[]> completions = List.of(new int[] {72, 105, 33, 258}, new int[] {40, 41, 42});
    try (VisionLanguageModel policy = VisionLanguageModel.load(ck, VisionLanguageModel.LoadOptions.cpu());
        VisionLanguageModel copy = VisionLanguageModel.load(ck, VisionLanguageModel.LoadOptions.cpu())) {
      LoraAdapter lora = LoraAdapter.attach(policy.model(), LoraConfig.languageModel(4, 8, 0.0), 3);
      Trainable.apply(policy.model(), lora, List.of());
      lora.parameters().forEach((n, p) -> {
        if (n.endsWith("lora_B.weight")) {
          try (NDManager m = p.getArray().getManager().newSubManager()) {
            p.getArray().addi(m.randomNormal(0, 0.05f, p.getArray().getShape(), DataType.FLOAT32));
          }
        }
      });
      Trainable.freezeAll(copy.model());
      ModelInputs in = TinyCheckpoints.videoPrompt(policy);
      float[] adapted = logProbs(policy, in, completions);
      float[] off = Linear.withAdaptersOff(() -> logProbs(policy, in, completions));
      float[] second = logProbs(copy, in, completions);
      assertArrayEquals(second, off, "adapters off gives the base model's log-probs bit for bit");
      assertTrue(TinyCheckpoints.maxDiff(adapted, off) > 1e-4, "the adapters are on outside the scope");
      assertArrayEquals(adapted, logProbs(policy, in, completions), "and on again after it");
    }
  }

  private static float[] logProbs(VisionLanguageModel vlm, ModelInputs in, List<int[]> completions) {
    try (NDManager m = vlm.newManager()) {
      return vlm.logProbs(m, in, completions, false).logp().toFloatArray();
    }
  }
}
