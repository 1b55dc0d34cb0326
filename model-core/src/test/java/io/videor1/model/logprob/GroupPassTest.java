package io.videor1.model.logprob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.videor1.model.TinyCheckpoints;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.block.Precision;
import io.videor1.model.lora.LoraAdapter;
import io.videor1.model.lora.LoraConfig;
import io.videor1.model.lora.Trainable;
import io.videor1.model.params.ParamCodec;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.rl.AggMode;
import io.videor1.rl.RlOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Micro-batches and recomputation give the plain pass's log-probs, loss and gradients: every trainable tensor's
 * gradient within float32 rounding of one pass over the whole group, for LoRA, full weights and a partly frozen
 * model, in every aggregation mode.
 */
class GroupPassTest {
  /** Relative to each tensor's largest |gradient|: sums of a few hundred float32 terms added in another order. */
  static final double GRADIENT_TOLERANCE = 2e-5;

  @TempDir Path tmp;

  private static final List<int[]> COMPLETIONS = List.of(new int[] {72, 105, 33, 258, 40}, new int[] {40, 41},
      new int[] {50, 51, 52, 53, 54, 55}); // the first ends at EOS (258): its last token is masked out
  private static final float[] ADVANTAGES = {1.0f, -0.5f, 0.3f};
  private static final List<GroupPass.Options> VARIANTS = List.of(new GroupPass.Options(1, false),
      new GroupPass.Options(2, false), new GroupPass.Options(0, true), new GroupPass.Options(2, true),
      new GroupPass.Options(1, true));

  @Test
  void loraAdaptersGetThePlainGradients() throws Exception {
    try (VisionLanguageModel vlm = TinyCheckpoints.tiny(tmp.resolve("lora"), 5)) {
      LoraAdapter lora = LoraAdapter.attach(vlm.model(), LoraConfig.languageModel(4, 8, 0.0), 3);
      Map<String, Parameter> trainable = Trainable.apply(vlm.model(), lora, List.of());
      lora.parameters().forEach((n, p) -> {
        if (n.endsWith("lora_B.weight")) { // as after some training, so that A gets gradients too
          try (NDManager m = p.getArray().getManager().newSubManager()) {
            p.getArray().addi(m.randomNormal(0, 0.05f, p.getArray().getShape(), DataType.FLOAT32));
          }
        }
      });
      check(vlm, trainable, RlOptions.defaults());
    }
  }

  @Test
  void fullWeightsGetThePlainGradients() throws Exception {
    try (VisionLanguageModel vlm = TinyCheckpoints.tiny(tmp.resolve("full"), 6)) {
      Map<String, Parameter> trainable = Trainable.apply(vlm.model(), null, List.of());
      for (AggMode mode : AggMode.values()) {
        check(vlm, trainable, RlOptions.builder().optAggMode(mode).optMaxCompletionLength(8).build());
      }
    }
  }

  @Test
  void aPartlyFrozenModelGetsThePlainGradients() throws Exception {
    try (VisionLanguageModel vlm = TinyCheckpoints.tiny(tmp.resolve("frozen"), 7)) {
      Map<String, Parameter> trainable = Trainable.apply(vlm.model(), null, List.of("visual", "model.embed_tokens",
          "model.layers.0"));
      assertEquals(new Trainability(false, 1, true), Trainability.of(vlm.model()));
      check(vlm, trainable, RlOptions.defaults());
    }
  }

  @Test
  void theForwardPassEqualsThePlainLogProbs() throws Exception {
    try (VisionLanguageModel vlm = TinyCheckpoints.tiny(tmp.resolve("fwd"), 8)) {
      ModelInputs in = TinyCheckpoints.videoPrompt(vlm);
      float[] plain;
      try (NDManager m = vlm.newManager()) {
        plain = TokenLogProbs.compute(vlm.model(), m, in, COMPLETIONS, vlm.eosId(), vlm.padId(), false).logp()
            .toFloatArray();
      }
      for (GroupPass.Options o : VARIANTS) {
        try (NDManager m = vlm.newManager()) {
          GroupPass.Result r = GroupPass.forward(vlm.model(), m, in, COMPLETIONS, vlm.eosId(), vlm.padId(), o);
          assertTrue(TinyCheckpoints.maxDiff(plain, r.logp()) <= 1e-5, o + ": " + TinyCheckpoints.maxDiff(plain,
              r.logp()));
        }
      }
    }
  }

  /**
   * float16 compute: micro-batches and recomputation run in half precision (the prompt's cached keys, the recomputed
   * layers and the float32 log-softmax meet without a dtype clash, under a loss scale) and give the plain float16
   * pass's gradients up to half's rounding. The bound is HalfPrecisionTest's for float16 against float32, 3% in
   * relative L2 per tensor: batch shapes change the order of half-precision roundings, and a pass that lost a
   * gradient path would be off by 100%.
   */
  @Test
  void float16PassesGetThePlainFloat16Gradients() throws Exception {
    Path ck = TinyCheckpoints.writeTiny(tmp.resolve("f16"), 9);
    try (VisionLanguageModel vlm = VisionLanguageModel.load(ck, new VisionLanguageModel.LoadOptions(DataType.FLOAT16,
        Device.cpu(), Precision.exact(DataType.FLOAT16)))) { // the GPU's float16, forced on the CPU
      Map<String, Parameter> trainable = Trainable.apply(vlm.model(), null, List.of());
      Map<String, float[]> plain = float16Gradients(vlm, trainable, GroupPass.Options.plain());
      for (GroupPass.Options o : List.of(new GroupPass.Options(1, false), new GroupPass.Options(1, true))) {
        Map<String, float[]> got = float16Gradients(vlm, trainable, o);
        double worst = 0;
        for (Map.Entry<String, float[]> e : plain.entrySet()) {
          float[] a = e.getValue();
          float[] b = got.get(e.getKey());
          double diff = 0;
          double norm = 0;
          for (int i = 0; i < a.length; i++) {
            diff += (a[i] - (double) b[i]) * (a[i] - (double) b[i]);
            norm += (double) a[i] * a[i];
          }
          assertTrue(norm > 0, e.getKey() + " has no gradient in the plain float16 pass");
          worst = Math.max(worst, Math.sqrt(diff / norm));
          assertTrue(Math.sqrt(diff / norm) <= 0.03, o + ": " + e.getKey() + " relative L2 " + Math.sqrt(diff / norm));
        }
        System.out.printf(Locale.ROOT, "float16 group pass %s: %d tensors, worst relative L2 %.2e%n", o, plain.size(),
            worst);
      }
    }
  }

  private static Map<String, float[]> float16Gradients(VisionLanguageModel vlm, Map<String, Parameter> trainable,
      GroupPass.Options o) {
    ParamCodec.zeroGradients(trainable);
    ModelInputs in = TinyCheckpoints.videoPrompt(vlm);
    try (NDManager m = vlm.newManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      GroupObjective.backward(vlm.model(), m, in, COMPLETIONS, vlm.eosId(), vlm.padId(), null, ADVANTAGES,
          RlOptions.defaults(), o, 1024f, gc);
    }
    return ParamCodec.gradients(trainable);
  }

  /** The plain pass's values against every variant's. */
  private static void check(VisionLanguageModel vlm, Map<String, Parameter> trainable, RlOptions rl) {
    ModelInputs in = TinyCheckpoints.videoPrompt(vlm);
    float[] ref;
    double plainLoss;
    float[] plainLogp;
    ParamCodec.zeroGradients(trainable);
    try (NDManager m = vlm.newManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      TokenLogProbs.Result lp = TokenLogProbs.compute(vlm.model(), m, in, COMPLETIONS, vlm.eosId(), vlm.padId(),
          true);
      plainLogp = lp.logp().stopGradient().toFloatArray();
      ref = plainLogp.clone();
      for (int i = 0; i < ref.length; i++) {
        ref[i] -= 0.05f * (i % 7); // a reference away from the policy: the KL term has a gradient
      }
      NDArray loss = NdPolicyObjective.compute(lp.logp(), m.create(ref, lp.logp().getShape()), null, lp.mask(),
          ADVANTAGES, rl).loss();
      plainLoss = loss.getFloat();
      gc.backward(loss);
    }
    Map<String, float[]> plain = ParamCodec.gradients(trainable);
    int len = plainLogp.length / COMPLETIONS.size();
    for (GroupPass.Options o : VARIANTS) {
      ParamCodec.zeroGradients(trainable);
      GroupPass.Result r;
      try (NDManager m = vlm.newManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        r = GroupPass.backward(vlm.model(), m, in, COMPLETIONS, vlm.eosId(), vlm.padId(), o,
            (logp, partMask, a, b, group) -> NdPolicyObjective.computePart(logp,
                logp.getManager().create(Arrays.copyOfRange(ref, a * len, b * len), new Shape(b - a, len)), null,
                partMask, Arrays.copyOfRange(ADVANTAGES, a, b), rl, group).loss(), 1f, gc);
      }
      Map<String, float[]> got = ParamCodec.gradients(trainable);
      String what = o + " " + rl.aggMode();
      assertEquals(plainLoss, r.loss(), 1e-6 * Math.max(1, Math.abs(plainLoss)), what + ": loss");
      assertTrue(TinyCheckpoints.maxDiff(plainLogp, r.logp()) <= 1e-5, what + ": log-probs");
      double worst = 0;
      for (Map.Entry<String, float[]> e : plain.entrySet()) {
        double scale = 0;
        for (float v : e.getValue()) {
          scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0, e.getKey() + " has no gradient in the plain pass");
        double diff = TinyCheckpoints.maxDiff(e.getValue(), got.get(e.getKey())) / scale;
        worst = Math.max(worst, diff);
        assertTrue(diff <= GRADIENT_TOLERANCE, what + ": " + e.getKey() + " differs by " + diff + " of its scale");
      }
      System.out.printf(Locale.ROOT, "group pass %s: %d tensors, worst |Δgrad| %.2e of the tensor's max%n", what,
          plain.size(), worst);
    }
  }
}
