package io.videor1.model.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.model.VisionLanguageModel;
import io.videor1.model.golden.GoldenDirs;
import io.videor1.model.io.InvalidCheckpointException;
import io.videor1.model.io.SafeDType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared transformers checkpoints pass validation with the figures their configs imply, and the loader validates
 * before it allocates: a copy with one broken field is refused by {@link VisionLanguageModel#load} with the same one
 * line the validator gives.
 */
class SharedCheckpointsTest {
  @Test
  void sharedCheckpointsValidate() throws Exception {
    for (String name : new String[] {"qwen25vl-tiny", "qwen25vl-cases"}) {
      CheckpointSummary s = CheckpointValidator.validate(GoldenDirs.shared(name));
      assertEquals("Qwen2_5_VLForConditionalGeneration", s.architecture());
      Map<String, Long> p = s.parametersByModule();
      assertEquals(s.config().parameterCount(), p.values().stream().mapToLong(Long::longValue).sum(), name);
      assertEquals(s.config().vision().parameterCount(), p.get("vision"), name);
      assertEquals(s.config().text().tieWordEmbeddings(), p.get("head") == 0, name);
      assertEquals(Map.of(SafeDType.F32, s.tensors().size()), s.dtypes(), name);
      assertEquals(1, s.shards().size());
      assertEquals(14, s.tokenizer().specialTokens().size(), name);
      assertEquals("<|im_end|>", s.tokenizer().eosToken());
      assertTrue(s.tokenizer().chatTemplate());
      assertTrue(s.preprocessorFile());
      assertNull(s.adapter());
    }
  }

  @Test
  void theLoaderRefusesBeforeAllocating(@TempDir Path tmp) throws Exception {
    Path src = GoldenDirs.shared("qwen25vl-tiny");
    Path dir = Files.createDirectories(tmp.resolve("ckpt"));
    for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
        "preprocessor_config.json"}) {
      Files.copy(src.resolve(f), dir.resolve(f));
    }
    Files.writeString(dir.resolve("config.json"), Files.readString(src.resolve("config.json"))
        .replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": \"2\""));
    InvalidCheckpointException e = assertThrows(InvalidCheckpointException.class,
        () -> VisionLanguageModel.load(dir, VisionLanguageModel.LoadOptions.cpu()));
    assertEquals(dir.resolve("config.json") + ": num_hidden_layers: must be an integer in 1..1024 (got \"2\")",
        e.getMessage());
    InvalidCheckpointException v = assertThrows(InvalidCheckpointException.class,
        () -> CheckpointValidator.validate(dir));
    assertEquals(e.getMessage(), v.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }
}
