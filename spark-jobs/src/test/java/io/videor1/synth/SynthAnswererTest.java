package io.videor1.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.videor1.reward.AccuracyReward;
import io.videor1.reward.FormatReward;
import io.videor1.reward.ProblemType;
import io.videor1.reward.RewardOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A viewer that computes answers from the ground truth scores 100% with the project's accuracy reward on every problem
 * type; fed the frames in reverse it fails exactly the order-dependent questions.
 */
class SynthAnswererTest {
  /** Families whose answer changes when time runs backwards, decided here from what each question asks. */
  private static final Set<String> ORDER_DEPENDENT = Set.of(
      "direction", "appear_first", "disappear_first", "describe", "enter_count", "stop_time", "ocr_sequence");

  private static final double FULL = 1 - 1e-6;

  record Case(JsonNode record, JsonNode truth) {}

  private static List<Case> cases(Path dir) throws Exception {
    List<Case> out = new ArrayList<>();
    for (String split : List.of("train", "test")) {
      List<JsonNode> records = SynthRuns.array(dir.resolve(split + ".json"));
      List<JsonNode> truths = SynthRuns.lines(dir.resolve(split + "_truth.jsonl"));
      assertEquals(records.size(), truths.size());
      for (int i = 0; i < records.size(); i++) {
        assertEquals(records.get(i).get("problem_id"), truths.get(i).get("problem_id"));
        out.add(new Case(records.get(i), truths.get(i)));
      }
    }
    return out;
  }

  static double reward(JsonNode record, String answer) {
    ProblemType type = ProblemType.fromWireName(record.get("problem_type").asText()).orElseThrow();
    List<String> options = new ArrayList<>();
    record.get("options").forEach(o -> options.add(o.asText()));
    String completion = "<think>I read the frames.</think><answer>" + answer + "</answer>";
    return AccuracyReward.score(type, completion, record.get("solution").asText(), options, RewardOptions.defaults());
  }

  @Test
  void theTruthAnswererScoresFullRewardOnEveryRecordAndType() throws Exception {
    TreeMap<String, Integer> types = new TreeMap<>();
    for (Case c : cases(SynthRuns.standard())) {
      int n = c.truth().get("beats").size();
      String a = TruthAnswerer.answer(c.record(), c.truth(), TruthAnswerer.identity(n));
      double r = reward(c.record(), a);
      assertTrue(r >= FULL, c.record() + " answered '" + a + "' scored " + r);
      types.merge(c.record().get("data_type").asText() + "/" + c.record().get("problem_type").asText(), 1, Integer::sum);
    }
    assertEquals(
        new TreeSet<>(List.of("image/multiple choice", "image/numerical", "video/OCR", "video/free-form",
            "video/multiple choice", "video/numerical", "video/regression")),
        types.keySet(), "every problem type, videos and images: " + types);
  }

  @Test
  void reversedFramesFailExactlyTheOrderDependentQuestions() throws Exception {
    int videos = 0;
    int expectedFailures = 0;
    int failures = 0;
    int shuffledFailures = 0;
    Random shuffle = new Random(1);
    for (Case c : cases(SynthRuns.standard())) {
      if (!c.record().get("data_type").asText().equals("video")) {
        assertTrue(!c.record().get("temporal").asBoolean(), "images are never temporal");
        continue;
      }
      videos++;
      int n = c.truth().get("beats").size();
      String family = c.record().get("truth").get("family").asText();
      String forward = TruthAnswerer.answer(c.record(), c.truth(), TruthAnswerer.identity(n));
      boolean constantSpeed = family.equals("speed_change") && optionText(c.record(), forward).startsWith("moves at a constant");
      boolean expectFail = ORDER_DEPENDENT.contains(family) || (family.equals("speed_change") && !constantSpeed);
      String backward = TruthAnswerer.answer(c.record(), c.truth(), TruthAnswerer.reversed(n));
      boolean failed = reward(c.record(), backward) < FULL;
      assertEquals(expectFail, failed, family + " reversed answer '" + backward + "' for " + c.record());
      assertEquals(expectFail, c.record().get("temporal").asBoolean(), "temporal flag of " + c.record());
      assertEquals(c.record().get("truth").get("answer_reversed").asText(), backward, "answer_reversed of " + c.record());
      expectedFailures += expectFail ? 1 : 0;
      failures += failed ? 1 : 0;
      if (expectFail) {
        int[] order = TruthAnswerer.identity(n);
        for (int i = n - 1; i > 0; i--) {
          int j = shuffle.nextInt(i + 1);
          int t = order[i];
          order[i] = order[j];
          order[j] = t;
        }
        shuffledFailures += reward(c.record(), TruthAnswerer.answer(c.record(), c.truth(), order)) < FULL ? 1 : 0;
      }
    }
    assertEquals(expectedFailures, failures, "reversed failure rate " + failures + "/" + videos);
    assertTrue(expectedFailures > videos / 3, "order-dependent questions are a large share: " + expectedFailures + "/" + videos);
    // A random permutation can keep the answer by chance (a direction is right half the time), but mostly does not.
    assertTrue(shuffledFailures > expectedFailures / 2,
        "shuffled frames fail " + shuffledFailures + " of " + expectedFailures + " order-dependent questions");
  }

  private static String optionText(JsonNode record, String letter) {
    for (JsonNode o : record.get("options")) {
      if (o.asText().startsWith(letter + ". ")) {
        return o.asText().substring(3);
      }
    }
    throw new IllegalStateException("no option " + letter);
  }

  @Test
  void theChainsOfThoughtAreWellFormedSftTargets() throws Exception {
    Path dir = SynthRuns.standard();
    List<JsonNode> cot = SynthRuns.array(dir.resolve("train_cot.json"));
    List<JsonNode> plain = SynthRuns.array(dir.resolve("train.json"));
    assertEquals(plain.size(), cot.size());
    for (int i = 0; i < cot.size(); i++) {
      JsonNode r = cot.get(i);
      String process = r.get("process").asText();
      assertTrue(process.startsWith("<think>") && process.endsWith("</think>"), process);
      assertTrue(!process.contains("<answer>"), "the answer tags are only in solution: " + process);
      String target = process + "\n" + r.get("solution").asText(); // the SFT assistant turn (spec §2.2)
      assertEquals(1.0, FormatReward.score(target), target);
      assertTrue(reward(r, io.videor1.reward.AnswerExtractor.extract(target)) >= FULL, target);
      assertEquals(plain.get(i).get("problem_id"), r.get("problem_id"));
    }
  }
}
