package io.videor1.model.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.model.VisionLanguageModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The golden comparison can fail: with real Java outputs of one case, a golden value moved by 0.01 (floats) or 1
 * (integers) anywhere in any compared array, an array one longer, or an array the Java side does not compute, each
 * produces exactly one failure naming that array.
 */
class GoldenComparisonTest {
  private static Map<String, GoldenValues> golden;
  private static Map<String, GoldenValues> java;

  @BeforeAll
  static void runOneCase() throws Exception {
    Path dir = GoldenDirs.cases();
    String name = GoldenCase.names(dir).get(0);
    golden = GoldenValues.read(dir.resolve("fixtures.safetensors"), name + ".");
    try (VisionLanguageModel vlm = VisionLanguageModel.load(dir, VisionLanguageModel.LoadOptions.cpu())) {
      java = JavaOutputs.of(vlm, GoldenCase.read(dir, name));
    }
  }

  @Test
  void unchangedGoldenPasses() {
    assertEquals(List.of(), GoldenComparison.of(golden, java).failures());
  }

  @Test
  void everyComparedValueMovedBy001Fails() {
    SplittableRandom r = new SplittableRandom(18);
    int compared = 0;
    for (String key : golden.keySet()) {
      if (key.endsWith("pixels")) {
        continue;
      }
      GoldenValues v = golden.get(key);
      int i = r.nextInt(v.size());
      Map<String, GoldenValues> moved = new LinkedHashMap<>(golden);
      moved.put(key, v.moved(i, v.integer() ? 1 : 0.01));
      List<String> failures = GoldenComparison.of(moved, java).failures();
      List<String> failed = failures.stream().map(f -> GoldenComparison.baseKey(f.substring(0, f.indexOf(": "))))
          .distinct().toList();
      assertEquals(List.of(key), failed, key + "[" + i + "] moved: " + failures);
      compared++;
    }
    assertTrue(compared >= 15, "only " + compared + " golden arrays compared");
  }

  @Test
  void aLongerArrayFailsOnItsLength() {
    GoldenValues logits = java.get("logits");
    double[] longer = Arrays.copyOf(logits.floats(), logits.size() + 1);
    Map<String, GoldenValues> j = new LinkedHashMap<>(java);
    j.put("logits", new GoldenValues(logits.shape(), longer, null)); // same declared shape, one value more
    List<String> failures = GoldenComparison.of(golden, j).failures();
    assertEquals(1, failures.size(), failures.toString());
    assertTrue(failures.get(0).startsWith("logits: shape"), failures.get(0));
  }

  @Test
  void aGoldenArrayNobodyComputesFails() {
    Map<String, GoldenValues> j = new LinkedHashMap<>(java);
    j.remove("video_embeds");
    assertEquals(List.of("video_embeds: not computed"), GoldenComparison.of(golden, j).failures());
  }
}
