package io.videor1.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.videor1.curate.ManifestLine;
import io.videor1.curate.ManifestRecord;
import io.videor1.reward.RewardOptions;
import io.videor1.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scorer on the real benchmark annotations: gold answers score 100%, a fixed letter scores its own share. */
class BenchmarkScoringTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static List<ScoredAnswer> scoreAll(String benchmark, List<JsonNode> records, java.util.function.Function<JsonNode, String> output) {
    List<ScoredAnswer> out = new ArrayList<>();
    for (JsonNode r : records) {
      List<String> options = new ArrayList<>();
      r.path("options").forEach(o -> options.add(o.asText()));
      Map<String, String> fields = new HashMap<>();
      r.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
      String category = AnswerScorer.category(fields, r.path("path").asText(), r.path("problem_type").asText());
      out.add(AnswerScorer.score(benchmark, r.path("problem_id").asLong(), r.path("problem_type").asText(),
          r.path("solution").asText(), options, output.apply(r), category, RewardOptions.defaults()));
    }
    return out;
  }

  static List<JsonNode> load(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    JSON.readTree(file.toFile()).forEach(out::add);
    return out;
  }

  @Test
  void goldAnswersScoreFullMarksOnEveryBenchmarkFile() throws Exception {
    Path dir = SharedData.testdata().resolve("annotations/easyvideor1_valid_data");
    for (String name : List.of("mmvu", "videommmu")) {
      List<JsonNode> records = load(dir.resolve(name + ".json"));
      List<ScoredAnswer> scored = scoreAll(name, records, r -> "<think>because</think><answer>"
          + r.path("solution").asText().replaceAll("</?answer>", "") + "</answer>");
      EvalSummary s = EvalSummary.of(name, scored, List.of());
      assertEquals(records.size(), s.answered());
      assertEquals(1.0, s.reference().get("score"), 0.0, name);
      assertEquals(1.0, s.robust().get("score"), 0.0, name);
    }
  }

  @Test
  void aFixedLetterScoresTheShareOfQuestionsWhoseAnswerIsThatLetter() throws Exception {
    Path file = SharedData.testdata().resolve("annotations/easyvideor1_valid_data/videommmu.json");
    List<JsonNode> records = load(file);
    long answerIsA = records.stream().filter(r -> r.path("solution").asText().equals("<answer>A</answer>")).count();
    List<ScoredAnswer> scored = scoreAll("videommmu", records, r -> "<answer>A</answer>");
    EvalSummary s = EvalSummary.of("videommmu", scored, List.of("dev_x.mp4"));
    assertEquals((double) answerIsA / records.size(), s.reference().get("mean_acc"), 1e-6);
    assertEquals(1, s.skipped());
    assertTrue(s.categories().containsKey("Biology"), s.categories().keySet().toString());
    String md = EvalSummary.toMarkdown(List.of(s));
    assertTrue(md.startsWith("| benchmark | category |"), md);
  }

  @Test
  void theRobustExtractorReadsLettersTheReferenceMisses() {
    List<String> opts = List.of("A. sits down", "B. leaves", "C. waves");
    String[][] cases = {
      {"<answer>(B)</answer>", "B"}, {"<answer>B.</answer>", "B"}, {"The answer is B.", "B"},
      {"<think>hmm</think><answer>b</answer>", "B"}, {"Answer: (C) waves", "C"}, {"<answer>leaves</answer>", "B"},
      {"a dog leaves", ""}, {"<answer>Z</answer>", ""}
    };
    for (String[] c : cases) {
      assertEquals(c[1], RobustChoice.letter(c[0], opts), c[0]);
    }
    ScoredAnswer a = AnswerScorer.score("x", 1, "multiple choice", "<answer>B</answer>", opts, "The answer is B.", "c", RewardOptions.defaults());
    assertEquals(0.0, a.score(), "the reference compares the whole output with B");
    assertEquals(1.0, a.robustScore());
  }

  @Test
  void vsiBenchCombinesAccuracyAndMra() {
    List<ScoredAnswer> answers = List.of(
        AnswerScorer.score("vsibench", 1, "multiple choice", "<answer>A</answer>", List.of("A. x", "B. y"), "<answer>A</answer>", "rel", RewardOptions.defaults()),
        AnswerScorer.score("vsibench", 2, "regression", "<answer>2.0</answer>", List.of(), "<answer>2.5</answer>", "dist", RewardOptions.defaults()));
    EvalSummary s = EvalSummary.of("vsibench", answers, List.of());
    assertEquals(1.0, s.reference().get("mean_acc"));
    assertEquals(0.5, s.reference().get("mean_mra")); // rel 0.25: 5 of 10 thresholds
    assertEquals(0.75, s.reference().get("score"));
  }

  @Test
  void tempCompassConvertsToRecordsTheCurationJobAccepts() throws Exception {
    Path dir = SharedData.testdata().resolve("annotations/tempcompass/questions");
    List<ObjectNode> mc = TempCompassConverter.convert(dir.resolve("multi-choice.json"), false, TempCompassConverter.Options.defaults(), 1);
    List<ObjectNode> yn = TempCompassConverter.convert(dir.resolve("yes_no.json"), true, TempCompassConverter.Options.defaults(), mc.size() + 1);
    assertEquals(1580, mc.size());
    assertEquals(2453, yn.size());
    for (ObjectNode n : List.of(mc.get(0), mc.get(mc.size() - 1), yn.get(0))) {
      ManifestRecord r = ManifestRecord.parse(new ManifestLine(1, JSON.writeValueAsString(n), null));
      assertEquals("multiple choice", r.problemType());
      assertTrue(r.mediaPath().startsWith("videos/") && r.mediaPath().endsWith(".mp4"), r.mediaPath());
    }
    List<JsonNode> all = new ArrayList<>(mc);
    all.addAll(yn);
    List<ScoredAnswer> gold = scoreAll("tempcompass", all, r -> r.path("solution").asText());
    EvalSummary s = EvalSummary.of("tempcompass", gold, List.of());
    assertEquals(1.0, s.reference().get("score"), 0.0);
    assertEquals(5, s.categories().size(), "action, speed, direction, order, attribute_change");
  }
}
