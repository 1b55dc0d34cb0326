package io.videor1.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * rouge_score's own test expectations (ROUGE-1.5.5 values, transcribed in testdata/MANIFEST.md) and the spec's
 * free-form example.
 */
class RougeScorerTest {
  private static final double TOL = 1e-5;

  private static void assertScore(double r, double p, double f, RougeScorer.Score s) {
    assertEquals(r, s.recall(), TOL, "recall");
    assertEquals(p, s.precision(), TOL, "precision");
    assertEquals(f, s.fmeasure(), TOL, "fmeasure");
  }

  private static List<String> lines(String name) throws IOException {
    Path file = SharedTestData.require("scoring/rouge/" + name);
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  private static List<String> tok(String s, boolean stem) {
    return RougeTokenizer.tokenize(s, stem);
  }

  private static RougeScorer.Score rougeN(String target, String prediction, boolean stem, int n) {
    return RougeScorer.rougeN(tok(target, stem), tok(prediction, stem), n);
  }

  private static RougeScorer.Score rougeL(String target, String prediction) {
    return RougeScorer.rougeL(tok(target, false), tok(prediction, false));
  }

  @Test
  void rouge1MatchesManifestTable() throws IOException {
    List<String> target = lines("target.txt");
    List<String> prediction = lines("prediction.txt");
    for (boolean stem : new boolean[] {false, true}) {
      assertScore(0.40741, 0.68750, 0.51163, rougeN(target.get(0), prediction.get(0), stem, 1));
    }
    assertScore(0.40476, 0.65385, 0.50000, rougeN(target.get(1), prediction.get(1), false, 1));
    assertScore(0.42857, 0.69231, 0.52941, rougeN(target.get(1), prediction.get(1), true, 1));
  }

  @Test
  void rouge2MatchesManifestTable() throws IOException {
    List<String> target = lines("target.txt");
    List<String> prediction = lines("prediction.txt");
    for (boolean stem : new boolean[] {false, true}) {
      assertScore(0.30769, 0.53333, 0.39024, rougeN(target.get(0), prediction.get(0), stem, 2));
      assertScore(0.29268, 0.48000, 0.36364, rougeN(target.get(1), prediction.get(1), stem, 2));
    }
  }

  @Test
  void rougeLMatchesManifestTable() throws IOException {
    List<String> target = lines("target.txt");
    List<String> prediction = lines("prediction.txt");
    assertScore(0.40741, 0.68750, 0.51163, rougeL(target.get(0), prediction.get(0)));
    assertScore(0.40476, 0.65385, 0.50000, rougeL(target.get(1), prediction.get(1)));
  }

  @Test
  void rougeLsumMatchesManifestTable() throws IOException {
    String target = Files.readString(SharedTestData.require("scoring/rouge/target_multi.0.txt"));
    String prediction = Files.readString(SharedTestData.require("scoring/rouge/prediction_multi.0.txt"));
    assertScore(0.36538, 0.66667, 0.47205, RougeScorer.rougeLsum(target, prediction, true));
  }

  @Test
  void inlineCasesOfRougeScoresTestFile() {
    List<String> target = tok("testing one two", false);
    assertScore(1.0 / 3, 1.0, 0.5, RougeScorer.rougeN(target, tok("testing", false), 1));
    assertScore(0.5, 1.0, 2.0 / 3, RougeScorer.rougeN(target, tok("testing one", false), 2));
    assertScore(2.0 / 3, 1.0, 0.8, RougeScorer.rougeL(target, tok("testing one", false)));
    assertScore(2.0 / 3, 1.0, 0.8, RougeScorer.rougeL(target, tok("testing two", false)));
    for (int n = 1; n <= 2; n++) {
      assertScore(0, 0, 0, RougeScorer.rougeN(target, tok("", false), n));
    }
    assertScore(0, 0, 0, RougeScorer.rougeL(target, tok("", false)));
    assertScore(0.8, 0.4, 0.53333, RougeScorer.rougeLsum("w1 w2 w3 w4 w5", "w1 w2 w6 w7 w8\nw1 w3 w8 w9 w5", false));
  }

  @Test
  void specFreeFormExample() {
    // Spec §4.2: R1 F = 0.833, R2 F = 0.600, RL F = 0.833 -> reward 0.756.
    double reward = RougeScorer.freeFormReward("the cat sat on the mat", "the cat sat on a mat");
    assertEquals((5.0 / 6 + 0.6 + 5.0 / 6) / 3, reward, 1e-12);
    assertEquals(0.756, reward, 5e-4);
  }

  @Test
  void tokenizerFollowsRougeScoreRules() {
    assertEquals(List.of("the", "cat", "s", "run", "fast", "12", "3"), tok("The CAT's running fast! 12.3", true));
    assertEquals(List.of("the", "cat", "s", "running", "fast", "12", "3"), tok("The CAT's running fast! 12.3", false));
    // Non-ASCII letters separate tokens; U+0130 lowers to i + combining dot, the Kelvin sign to k.
    assertEquals(List.of("caf", "na", "ve", "i", "k"), tok("café naïve \u0130 \u212A", false));
    assertEquals(List.of(), tok("¡¿ — …", true));
    // Stemming only applies to tokens longer than 3 characters ("was" is kept, "ties" becomes "tie").
    assertEquals(List.of("was", "tie", "ha"), tok("was ties ha", true));
  }

  @Test
  void emptyAndIdenticalTexts() {
    assertEquals(0.0, RougeScorer.freeFormReward("", ""));
    assertEquals(0.0, RougeScorer.freeFormReward("a cat", ""));
    assertEquals(1.0, RougeScorer.freeFormReward("a black cat sat", "A black cat sat."), 1e-15);
    // A single token has no bigram: R2 = 0, so identical one-word answers get (1 + 0 + 1) / 3.
    assertEquals(2.0 / 3, RougeScorer.freeFormReward("dog", "dog"), 1e-15);
  }
}
