package io.videor1.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.videor1.model.generate.Completion;
import io.videor1.model.generate.Generator;
import io.videor1.model.generate.SamplingParams;
import io.videor1.model.io.SafeDType;
import io.videor1.model.logprob.NdPolicyObjective;
import io.videor1.model.logprob.TokenLogProbs;
import io.videor1.model.lora.Trainable;
import io.videor1.model.params.ParamCodec;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.preprocess.Processor;
import io.videor1.model.tokenizer.PromptTemplates;
import io.videor1.rl.RlOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One GRPO step end to end: rollouts, reference and policy log-probs, objective, backward, gradients out. */
class TrainingStepTest {
  @TempDir Path tmp;

  @Test
  void policyGradientsReachEveryTrainableParameterAndMatchFiniteDifferences() throws Exception {
    try (VisionLanguageModel policy = TinyCheckpoints.tiny(tmp.resolve("p"), 41);
        VisionLanguageModel reference = TinyCheckpoints.tiny(tmp.resolve("r"), 41)) {
      Trainable.freezeAll(reference.model());
      Map<String, Parameter> trainable = Trainable.apply(policy.model(), null, List.of());
      Processor.Video v = Processor.Video.of(TinyCheckpoints.frames(4, 56, 56, 8), 56, 56);
      ModelInputs in = policy.processor().chat(PromptTemplates.rlMessages(true, "Q"), List.of(), List.of(v));
      List<Completion> group = policy.generate(in, 4, SamplingParams.rollout().withMaxNewTokens(6),
          new Generator.SeedIds(3, 0, 0));
      List<int[]> ids = group.stream().map(Completion::tokenIds).toList();
      float[] adv = {1.2f, -0.4f, 0.3f, -1.1f};
      double loss;
      try (NDManager m = reference.newManager()) {
        TokenLogProbs.Result ref = reference.logProbs(m, in, ids, false);
        float[] refValues = ref.logp().toFloatArray();
        try (NDManager pm = policy.newManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          TokenLogProbs.Result lp = policy.logProbs(pm, in, ids, true);
          assertArrayEquals(refValues, lp.logp().toFloatArray(), 1e-5f, "same weights, same log-probs");
          NdPolicyObjective.Result obj = NdPolicyObjective.compute(lp.logp(), pm.create(refValues,
              lp.logp().getShape()), null, lp.mask(), adv, RlOptions.defaults());
          loss = obj.loss().getFloat();
          assertEquals(0.0, obj.meanKl(), 1e-6);
          gc.backward(obj.loss());
        }
      }
      Map<String, float[]> grads = ParamCodec.gradients(trainable);
      int nonZero = 0;
      for (Map.Entry<String, float[]> e : grads.entrySet()) {
        double norm = 0;
        for (float g : e.getValue()) {
          assertTrue(Float.isFinite(g), e.getKey());
          norm += g * g;
        }
        nonZero += norm > 0 ? 1 : 0;
      }
      assertEquals(trainable.size(), nonZero, "every parameter, vision tower included, receives a gradient");
      // finite difference on one decoder weight: loss is linear in log-probs with value Σ A·ℓ / n (KL = 0)
      String name = "model.layers.1.mlp.up_proj.weight";
      float g = grads.get(name)[5];
      float h = 1e-2f;
      Map<String, float[]> w = ParamCodec.toFloats(Map.of(name, trainable.get(name)));
      float[] plus = w.get(name).clone();
      plus[5] += h;
      ParamCodec.fromFloats(trainable, Map.of(name, plus));
      double lossPlus = lossOf(policy, in, ids, adv);
      float[] minus = w.get(name).clone();
      minus[5] -= h;
      ParamCodec.fromFloats(trainable, Map.of(name, minus));
      double lossMinus = lossOf(policy, in, ids, adv);
      assertEquals(g, (lossPlus - lossMinus) / (2 * h), 2e-3 + 0.05 * Math.abs(g));
      assertTrue(Math.abs(loss) < 50);
      ParamCodec.zeroGradients(trainable);
      assertEquals(0f, ParamCodec.gradients(trainable).get(name)[5]);
    }
  }

  /** The objective's value, Σ_i A_i · mean_t ℓ_it / B negated, without autograd. */
  private static double lossOf(VisionLanguageModel vlm, ModelInputs in, List<int[]> ids, float[] adv) {
    try (NDManager m = vlm.newManager()) {
      TokenLogProbs.Result lp = vlm.logProbs(m, in, ids, false);
      float[] v = lp.logp().toFloatArray();
      int len = (int) lp.logp().getShape().get(1);
      double total = 0;
      for (int i = 0; i < ids.size(); i++) {
        double s = 0;
        for (int t = 0; t < lp.lengths()[i]; t++) {
          s += v[i * len + t];
        }
        total += -adv[i] * s / lp.lengths()[i];
      }
      return total / ids.size();
    }
  }

  @Test
  void parametersTravelAsBytesAndFlatArrays() throws Exception {
    try (VisionLanguageModel a = TinyCheckpoints.tiny(tmp.resolve("a"), 51);
        VisionLanguageModel b = TinyCheckpoints.tiny(tmp.resolve("b"), 52)) {
      byte[] bytes = ParamCodec.toBytes(a.model().parameters(), SafeDType.F32);
      ParamCodec.fromBytes(b.model().parameters(), bytes);
      Map<String, float[]> fa = ParamCodec.toFloats(a.model().parameters());
      Map<String, float[]> fb = ParamCodec.toFloats(b.model().parameters());
      fa.forEach((n, v) -> assertArrayEquals(v, fb.get(n), n));
      ParamCodec.Layout layout = ParamCodec.Layout.of(fa);
      assertEquals(a.model().config().parameterCount(), layout.total());
      float[] flat = ParamCodec.flatten(fa, layout);
      Map<String, float[]> back = ParamCodec.unflatten(flat, layout);
      fa.forEach((n, v) -> assertArrayEquals(v, back.get(n), n));
    }
  }

  @Test
  void setParametersOwnTheirMemory() throws Exception {
    // Regression: values copied in through a temporary array's buffer view read freed memory once it was reused.
    try (VisionLanguageModel a = TinyCheckpoints.tiny(tmp.resolve("own-a"), 53);
        VisionLanguageModel b = TinyCheckpoints.tiny(tmp.resolve("own-b"), 54)) {
      Map<String, float[]> want = ParamCodec.toFloats(a.model().parameters());
      ParamCodec.fromBytes(b.model().parameters(), ParamCodec.toBytes(a.model().parameters(), SafeDType.F32));
      churnNativeMemory(want);
      ParamCodec.toFloats(b.model().parameters()).forEach((n, v) -> assertArrayEquals(want.get(n), v, n));
      Map<String, float[]> twice = new java.util.LinkedHashMap<>();
      want.forEach((n, v) -> {
        float[] t = v.clone();
        for (int i = 0; i < t.length; i++) {
          t[i] *= 2;
        }
        twice.put(n, t);
      });
      ParamCodec.fromFloats(b.model().parameters(), twice);
      churnNativeMemory(want);
      ParamCodec.toFloats(b.model().parameters()).forEach((n, v) -> assertArrayEquals(twice.get(n), v, n));
    }
  }

  /** Allocates and fills native arrays of every parameter's size, so freed blocks get reused and overwritten. */
  private static void churnNativeMemory(Map<String, float[]> sizes) {
    try (NDManager m = NDManager.newBaseManager()) {
      for (int round = 0; round < 4; round++) {
        for (float[] v : sizes.values()) {
          m.full(new ai.djl.ndarray.types.Shape(v.length), -12345f + round);
        }
      }
    }
  }
}
