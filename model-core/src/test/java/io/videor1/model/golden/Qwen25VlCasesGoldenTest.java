package io.videor1.model.golden;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.model.VisionLanguageModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Parity with Hugging Face transformers 4.50's Qwen2.5-VL on every case of a {@code qwen25vl-cases} directory
 * ({@code ../shared/testdata/golden/qwen25vl-cases}, or {@code -Dvideor1.golden.dir=DIR}): one test per case of
 * {@code fixtures.json}'s {@code cases}, each building its inputs from the items' pixels and fps through the project's
 * processor and comparing every golden array (ids, grids, patches, window partition, tower outputs, positions in both
 * seconds-per-grid rules, prompt logits, greedy tokens, cached-step logits, log-probs, the uncached pass).
 */
class Qwen25VlCasesGoldenTest {
  @TestFactory
  Stream<DynamicTest> everyCaseMatchesTransformers() throws IOException {
    Path dir = GoldenDirs.cases();
    List<String> cases = GoldenCase.names(dir);
    assertFalse(cases.isEmpty(), dir + "/fixtures.json lists no cases");
    VisionLanguageModel vlm = VisionLanguageModel.load(dir, VisionLanguageModel.LoadOptions.cpu());
    return cases.stream().map(name -> DynamicTest.dynamicTest(name, () -> check(vlm, dir, name)))
        .onClose(vlm::close);
  }

  private static void check(VisionLanguageModel vlm, Path dir, String name) throws IOException {
    Map<String, GoldenValues> golden = GoldenValues.read(dir.resolve("fixtures.safetensors"), name + ".");
    GoldenComparison c = GoldenComparison.of(golden, JavaOutputs.of(vlm, GoldenCase.read(dir, name)));
    System.out.printf(Locale.ROOT, "golden %s: %d arrays compared, max |Δ| of floats %.3g%n", name,
        c.maxDiffs().size(), c.maxFloatDiff(golden));
    assertTrue(c.failures().isEmpty(), name + " differs from transformers:\n  " + String.join("\n  ", c.failures()));
  }
}
