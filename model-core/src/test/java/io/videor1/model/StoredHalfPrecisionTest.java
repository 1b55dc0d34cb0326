package io.videor1.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.videor1.model.block.ModelWeights;
import io.videor1.model.block.Precision;
import io.videor1.model.generate.Completion;
import io.videor1.model.generate.Generator;
import io.videor1.model.generate.SamplingParams;
import io.videor1.model.logprob.GroupObjective;
import io.videor1.model.logprob.GroupPass;
import io.videor1.model.lora.LoraAdapter;
import io.videor1.model.lora.LoraConfig;
import io.videor1.model.lora.Trainable;
import io.videor1.model.nn.Linear;
import io.videor1.model.params.ParamCodec;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.rl.RlOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * float16 on a CPU ({@link Precision#storedHalf}): weights stored in float16, every product in float32. It must
 * compute what a float32 model whose weights were rounded to float16 computes: the same float32 operations on the same
 * values, the widening being exact, so the logits, log-probs, LoRA gradients and sampled tokens agree to float32
 * rounding (in practice bit for bit).
 */
class StoredHalfPrecisionTest {
  @TempDir Path tmp;

  private static final List<int[]> COMPLETIONS = List.of(new int[] {72, 105, 33, 258}, new int[] {40, 41, 42});

  @Test
  void theCpuSwitchStoresHalfAndComputesFloat32AndTheGpuKeepsHalf() throws IOException {
    assertEquals(Precision.storedHalf(), Precision.of(DataType.FLOAT16, Device.cpu()));
    assertEquals(Precision.exact(DataType.FLOAT16), Precision.of(DataType.FLOAT16, Device.gpu(0)));
    assertEquals(Precision.exact(DataType.FLOAT32), Precision.of(DataType.FLOAT32, Device.cpu()));
    Path ck = TinyCheckpoints.writeTiny(tmp.resolve("ck"), 21);
    try (VisionLanguageModel half = VisionLanguageModel.load(ck, new VisionLanguageModel.LoadOptions(DataType.FLOAT16,
        Device.cpu()))) {
      assertEquals(DataType.FLOAT16, half.model().weightType());
      assertEquals(DataType.FLOAT32, half.model().dataType());
      half.model().parameters().forEach((n, p) -> assertEquals(DataType.FLOAT16, p.getArray().getDataType(), n));
    }
  }

  @Test
  void logitsLogProbsAndTokensEqualAFloat32ModelWithHalfRoundedWeights() throws IOException {
    Path ck = TinyCheckpoints.writeTiny(tmp.resolve("ck"), 22);
    try (VisionLanguageModel half = loadHalf(ck); VisionLanguageModel rounded = loadRounded(ck)) {
      ModelInputs in = TinyCheckpoints.videoPrompt(half);
      float[] a = TinyCheckpoints.logits(rounded, in);
      float[] b = TinyCheckpoints.logits(half, in);
      double scale = 0;
      for (float v : a) {
        scale = Math.max(scale, Math.abs(v));
      }
      double d = TinyCheckpoints.maxDiff(a, b);
      System.out.printf(Locale.ROOT, "stored half vs rounded float32: max|logit| %.3f, max diff %.3g%n", scale, d);
      assertTrue(d <= 1e-6 * scale, "logits " + d);
      float[] la = logProbs(rounded, in);
      float[] lb = logProbs(half, in);
      assertTrue(TinyCheckpoints.maxDiff(la, lb) <= 1e-5, "log-probs " + TinyCheckpoints.maxDiff(la, lb));
      SamplingParams params = SamplingParams.greedy(6);
      List<Completion> ga = rounded.generate(in, 2, SamplingParams.rollout(), new Generator.SeedIds(3, 1, 7));
      List<Completion> gb = half.generate(in, 2, SamplingParams.rollout(), new Generator.SeedIds(3, 1, 7));
      for (int i = 0; i < ga.size(); i++) {
        assertArrayEquals(ga.get(i).tokenIds(), gb.get(i).tokenIds(), "sampled tokens of row " + i);
      }
      assertArrayEquals(rounded.generate(in, 1, params, new Generator.SeedIds(3, 1, 8)).get(0).tokenIds(),
          half.generate(in, 1, params, new Generator.SeedIds(3, 1, 8)).get(0).tokenIds(), "greedy tokens");
    }
  }

  /**
   * LoRA on float16-stored weights: float32 adapters whose gradients, through the widened weights of every layer,
   * equal the rounded float32 model's; the reference (adapters off) equals the base's log-probs.
   */
  @Test
  void loraGradientsAndTheReferenceEqualTheRoundedFloat32Model() throws IOException {
    Path ck = TinyCheckpoints.writeTiny(tmp.resolve("ck"), 23);
    try (VisionLanguageModel half = loadHalf(ck); VisionLanguageModel rounded = loadRounded(ck)) {
      LoraAdapter la = adapted(rounded);
      LoraAdapter lb = adapted(half);
      lb.parameters().forEach((n, p) -> assertEquals(DataType.FLOAT32, p.getArray().getDataType(), n));
      ModelInputs in = TinyCheckpoints.videoPrompt(half);
      Map<String, float[]> ga = gradients(rounded, la, in);
      Map<String, float[]> gb = gradients(half, lb, in);
      double worst = 0;
      for (Map.Entry<String, float[]> e : ga.entrySet()) {
        float[] x = e.getValue();
        float[] y = gb.get(e.getKey());
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < x.length; i++) {
          diff += (x[i] - (double) y[i]) * (x[i] - (double) y[i]);
          norm += (double) x[i] * x[i];
        }
        assertTrue(norm > 0, e.getKey() + " has no gradient");
        worst = Math.max(worst, Math.sqrt(diff / norm));
      }
      System.out.printf(Locale.ROOT, "stored half LoRA gradients: worst relative L2 over %d tensors %.2e%n", ga.size(),
          worst);
      assertTrue(worst <= 1e-5, "LoRA gradients " + worst);
      float[] refA = Linear.withAdaptersOff(() -> logProbs(rounded, in));
      float[] refB = Linear.withAdaptersOff(() -> logProbs(half, in));
      assertTrue(TinyCheckpoints.maxDiff(refA, refB) <= 1e-5, "reference " + TinyCheckpoints.maxDiff(refA, refB));
    }
  }

  /**
   * The memory settings' passes (micro-batches, recomputation) over float16-stored weights give the plain pass's LoRA
   * gradients within float32 rounding, as they do in float32 (GroupPassTest), with the head's gradient computed chunk
   * by chunk in every part and the reference's log-probs as the KL target.
   */
  @Test
  void microBatchedAndRecomputedPassesGiveThePlainGradients() throws IOException {
    Path ck = TinyCheckpoints.writeTiny(tmp.resolve("ck"), 24);
    List<int[]> completions = List.of(new int[] {72, 105, 33, 258, 40}, new int[] {40, 41},
        new int[] {50, 51, 52, 53, 54, 55});
    float[] advantages = {1.0f, -0.5f, 0.3f};
    try (VisionLanguageModel half = loadHalf(ck)) {
      LoraAdapter lora = adapted(half);
      ModelInputs in = TinyCheckpoints.videoPrompt(half);
      float[] ref;
      try (NDManager m = half.newManager()) {
        ref = Linear.withAdaptersOff(() -> GroupObjective.reference(half.model(), m, in, completions, half.eosId(),
            half.padId(), GroupPass.Options.plain()));
      }
      Map<String, float[]> plain = passGradients(half, lora, in, completions, ref, advantages,
          GroupPass.Options.plain());
      for (GroupPass.Options o : List.of(new GroupPass.Options(1, false), new GroupPass.Options(1, true))) {
        Map<String, float[]> got = passGradients(half, lora, in, completions, ref, advantages, o);
        double worst = 0;
        for (Map.Entry<String, float[]> e : plain.entrySet()) {
          float[] x = e.getValue();
          float[] y = got.get(e.getKey());
          double max = 0;
          double diff = 0;
          for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i]));
            diff = Math.max(diff, Math.abs(x[i] - y[i]));
          }
          assertTrue(max > 0, e.getKey() + " has no gradient");
          worst = Math.max(worst, diff / max);
        }
        System.out.printf(Locale.ROOT, "stored half group pass %s: worst |Δgrad| %.2e of the tensor's max%n", o, worst);
        assertTrue(worst <= 1e-5, o + ": " + worst);
      }
    }
  }

  private static Map<String, float[]> passGradients(VisionLanguageModel v, LoraAdapter lora, ModelInputs in,
      List<int[]> completions, float[] ref, float[] advantages, GroupPass.Options o) {
    ParamCodec.zeroGradients(lora.parameters());
    try (NDManager m = v.newManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      GroupObjective.backward(v.model(), m, in, completions, v.eosId(), v.padId(), ref, advantages,
          RlOptions.defaults(), o, 1f, gc);
    }
    return ParamCodec.gradients(lora.parameters());
  }

  private static VisionLanguageModel loadHalf(Path ck) throws IOException {
    return VisionLanguageModel.load(ck, new VisionLanguageModel.LoadOptions(DataType.FLOAT16, Device.cpu()));
  }

  /** The checkpoint in float32 with every weight rounded to float16 and back. */
  private static VisionLanguageModel loadRounded(Path ck) throws IOException {
    VisionLanguageModel v = VisionLanguageModel.load(ck, VisionLanguageModel.LoadOptions.cpu());
    for (Parameter p : v.model().parameters().values()) {
      NDArray a = p.getArray();
      try (NDManager m = a.getManager().newSubManager()) {
        NDArray h = a.toType(DataType.FLOAT16, false);
        h.attach(m);
        NDArray r = h.toType(DataType.FLOAT32, false);
        r.attach(m);
        ModelWeights.copyInto(a, r);
      }
    }
    return v;
  }

  /** LoRA r=4 from seed 3 with B set to the same non-zero values on either model. */
  private static LoraAdapter adapted(VisionLanguageModel v) {
    LoraAdapter lora = LoraAdapter.attach(v.model(), LoraConfig.languageModel(4, 8, 0.0), 3);
    SplittableRandom r = new SplittableRandom(9);
    lora.parameters().forEach((n, p) -> {
      if (n.endsWith("lora_B.weight")) {
        NDArray b = p.getArray();
        float[] vals = new float[(int) b.size()];
        for (int i = 0; i < vals.length; i++) {
          vals[i] = (float) (r.nextDouble() * 0.1 - 0.05);
        }
        b.set(vals);
      }
    });
    Trainable.apply(v.model(), lora, List.of());
    return lora;
  }

  private static Map<String, float[]> gradients(VisionLanguageModel v, LoraAdapter lora, ModelInputs in) {
    ParamCodec.zeroGradients(lora.parameters());
    try (NDManager m = v.newManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      var lp = v.logProbs(m, in, COMPLETIONS, true);
      gc.backward(lp.logp().mul(lp.mask()).sum().neg());
    }
    return ParamCodec.gradients(lora.parameters());
  }

  private static float[] logProbs(VisionLanguageModel vlm, ModelInputs in) {
    try (NDManager m = vlm.newManager()) {
      return vlm.logProbs(m, in, COMPLETIONS, false).logp().toFloatArray();
    }
  }
}
