package io.videor1.model.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import io.videor1.model.TinyCheckpoints;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.VisionLanguageModel.LoadOptions;
import io.videor1.model.preprocess.ModelInputs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference of a full-weights run with frozen modules ({@link VisionLanguageModel#sharing}): the same logits as a
 * second copy of the starting checkpoint after the policy's trainable tensors have moved, while holding only those
 * tensors of its own.
 */
class SharedReferenceTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"FLOAT32", "FLOAT16"})
  void sharesFrozenArraysAndMatchesASecondCopy(String dtypeName) throws Exception {
    DataType dtype = DataType.valueOf(dtypeName);
    LoadOptions opts = new LoadOptions(dtype, Device.cpu());
    Path dir = TinyCheckpoints.writeTiny(tmp.resolve("ck"), 41);
    try (VisionLanguageModel policy = VisionLanguageModel.load(dir, opts)) {
      // the decoder's last layer and the head train, the rest is frozen (the tiny preset ties nothing it needs)
      Map<String, Parameter> trainable = Trainable.apply(policy.model(), null, List.of("visual", "model.layers.0",
          "model.embed_tokens", "model.norm"));
      Set<String> own = trainable.keySet();
      assertFalse(own.isEmpty());
      assertTrue(own.size() < policy.model().parameters().size());
      ModelInputs in = TinyCheckpoints.videoPrompt(policy);
      try (VisionLanguageModel reference = VisionLanguageModel.sharing(policy, dir, opts, own);
          VisionLanguageModel copy = VisionLanguageModel.load(dir, opts)) {
        float[] start = TinyCheckpoints.logits(policy, in);
        trainable.values().forEach(p -> perturb(p.getArray())); // a training step, as far as the reference knows
        float[] moved = TinyCheckpoints.logits(policy, in);
        assertTrue(TinyCheckpoints.maxDiff(start, moved) > 1e-3, "the policy moved");
        float[] ref = TinyCheckpoints.logits(reference, in);
        assertEquals(0.0, TinyCheckpoints.maxDiff(TinyCheckpoints.logits(copy, in), ref), "same as a second copy");
        assertEquals(0.0, TinyCheckpoints.maxDiff(start, ref), "the starting model's logits");
        for (Map.Entry<String, Parameter> e : reference.model().parameters().entrySet()) {
          NDArray mine = e.getValue().getArray();
          NDArray theirs = policy.model().parameters().get(e.getKey()).getArray();
          if (own.contains(e.getKey())) {
            assertNotSame(theirs, mine, e.getKey() + " is the reference's own");
            assertTrue(theirs.hasGradient(), e.getKey() + " trains in the policy");
            assertFalse(mine.hasGradient(), e.getKey() + " is frozen in the reference");
          } else {
            assertSame(theirs, mine, e.getKey() + " is shared");
          }
        }
        reference.close();
        assertEquals(0.0, TinyCheckpoints.maxDiff(moved, TinyCheckpoints.logits(policy, in)),
            "closing the reference frees nothing of the policy");
      }
    }
  }

  @Test
  void refusesANameTheModelDoesNotHave() throws Exception {
    Path dir = TinyCheckpoints.writeTiny(tmp.resolve("a"), 42);
    LoadOptions opts = LoadOptions.cpu();
    try (VisionLanguageModel policy = VisionLanguageModel.load(dir, opts)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> VisionLanguageModel.sharing(policy, dir, opts, Set.of("lm_head.weight.nope")));
      assertTrue(e.getMessage().contains("lm_head.weight.nope"), e.getMessage());
    }
  }

  private static void perturb(NDArray a) {
    try (NDManager m = a.getManager().newSubManager()) {
      a.addi(m.randomNormal(0, 0.05f, a.getShape(), DataType.FLOAT32).toType(a.getDataType(), false));
    }
  }
}
