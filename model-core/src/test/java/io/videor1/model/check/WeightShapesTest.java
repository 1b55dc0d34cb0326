package io.videor1.model.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.config.Qwen25VlConfig;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The shapes validation expects are exactly the parameters the model allocates, for every preset and a Qwen2. */
class WeightShapesTest {
  @Test
  void matchTheModelsParameters() {
    Qwen25VlConfig qwen2 = Qwen25VlConfig.fromJson("{\"model_type\":\"qwen2\",\"vocab_size\":300,\"hidden_size\":32,"
        + "\"intermediate_size\":48,\"num_hidden_layers\":2,\"num_attention_heads\":4,\"num_key_value_heads\":2,"
        + "\"tie_word_embeddings\":true}");
    try (NDManager m = NDManager.newBaseManager()) {
      for (Qwen25VlConfig c : new Qwen25VlConfig[] {ModelPresets.tiny(), ModelPresets.mid(),
          ModelPresets.qwen25vl3b(), ModelPresets.qwen25vl7b(), qwen2}) {
        try (Qwen25VlModel model = new Qwen25VlModel(c, m)) { // parameters declared, nothing allocated
          Map<String, long[]> expected = WeightShapes.of(c);
          assertEquals(new TreeSet<>(model.shapes().keySet()), new TreeSet<>(expected.keySet()));
          model.shapes().forEach((n, s) -> assertArrayEquals(s.getShape(), expected.get(n), n));
          long params = expected.values().stream().mapToLong(s -> java.util.Arrays.stream(s).reduce(1, (a, b) -> a * b))
              .sum();
          assertEquals(c.parameterCount(), params, "parameter count of " + c.text());
        }
      }
    }
  }
}
