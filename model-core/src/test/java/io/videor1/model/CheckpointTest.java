package io.videor1.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.model.io.CheckpointReader;
import io.videor1.model.io.SafeDType;
import io.videor1.model.preprocess.ModelInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving in the Hugging Face layout and loading back, in fp32, bf16 and sharded. */
class CheckpointTest {
  @TempDir Path tmp;

  @Test
  void savedCheckpointLoadsBackWithTheSameLogits() throws Exception {
    Path dir = tmp.resolve("ckpt");
    float[] before;
    try (VisionLanguageModel vlm = TinyCheckpoints.tiny(tmp.resolve("tok"), 61)) {
      before = TinyCheckpoints.logits(vlm, TinyCheckpoints.videoPrompt(vlm));
      vlm.save(dir, SafeDType.F32, Long.MAX_VALUE);
    }
    for (String f : new String[] {"config.json", "preprocessor_config.json", "tokenizer.json", "tokenizer_config.json",
        "model.safetensors"}) {
      assertTrue(Files.exists(dir.resolve(f)), f);
    }
    assertTrue(Files.readString(dir.resolve("tokenizer_config.json")).contains("chat_template"));
    try (VisionLanguageModel back = VisionLanguageModel.load(dir, VisionLanguageModel.LoadOptions.cpu())) {
      assertArrayEquals(before, TinyCheckpoints.logits(back, TinyCheckpoints.videoPrompt(back)));
    }
    Path bf = tmp.resolve("bf16");
    Path sharded = tmp.resolve("sharded");
    try (VisionLanguageModel vlm = VisionLanguageModel.load(dir, VisionLanguageModel.LoadOptions.cpu())) {
      vlm.save(bf, SafeDType.BF16, Long.MAX_VALUE);
      vlm.save(sharded, SafeDType.F32, 200_000);
    }
    assertTrue(Files.readString(bf.resolve("config.json")).contains("\"torch_dtype\": \"bfloat16\""));
    try (CheckpointReader r = CheckpointReader.open(bf)) {
      assertEquals(SafeDType.BF16, r.tensor("lm_head.weight").dtype());
    }
    try (VisionLanguageModel back = VisionLanguageModel.load(bf, VisionLanguageModel.LoadOptions.cpu())) {
      float[] after = TinyCheckpoints.logits(back, TinyCheckpoints.videoPrompt(back));
      double d = TinyCheckpoints.maxDiff(before, after);
      assertTrue(d < 0.05, "bf16 weights stay close: " + d);
    }
    var fp16 = new VisionLanguageModel.LoadOptions(ai.djl.ndarray.types.DataType.FLOAT16, ai.djl.Device.cpu());
    try (VisionLanguageModel half = VisionLanguageModel.load(bf, fp16)) {
      float[] after = TinyCheckpoints.logits(half, TinyCheckpoints.videoPrompt(half));
      assertTrue(TinyCheckpoints.maxDiff(before, after) < 0.1, "fp16 compute stays close: "
          + TinyCheckpoints.maxDiff(before, after));
    }
    assertTrue(Files.exists(sharded.resolve("model.safetensors.index.json")));
    try (VisionLanguageModel back = VisionLanguageModel.load(sharded, VisionLanguageModel.LoadOptions.cpu())) {
      ModelInputs in = TinyCheckpoints.videoPrompt(back);
      assertArrayEquals(before, TinyCheckpoints.logits(back, in));
    }
  }
}
