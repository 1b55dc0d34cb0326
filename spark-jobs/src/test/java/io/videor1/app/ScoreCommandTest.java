package io.videor1.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code videor1 score} end to end through the command line, with a parity switch set by --set. */
class ScoreCommandTest {
  @Test
  void scoresAFileAndHonoursParitySwitches(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("outputs.jsonl");
    Files.write(
        in,
        List.of(
            "{\"problem_id\":1,\"problem_type\":\"multiple choice\",\"solution\":\"<answer>B</answer>\","
                + "\"output\":\"<think>x</think><answer>B</answer>\",\"options\":[\"A. a\",\"B. b\"]}",
            "{\"problem_id\":2,\"problem_type\":\"numerical\",\"solution\":\"<answer>12</answer>\","
                + "\"output\":\"<think>x</think><answer>12.0</answer>\"}",
            "not json"));
    Path ref = dir.resolve("ref");
    assertEquals(0, VideoR1.execute("score", "--in", in.toString(), "--out", ref.toString()));
    List<String> rows = Files.readAllLines(ref.resolve("scores.jsonl"));
    assertEquals(3, rows.size());
    ObjectMapper json = new ObjectMapper();
    assertEquals(1.0, json.readTree(rows.get(0)).get("accuracy").asDouble());
    assertEquals(0.0, json.readTree(rows.get(1)).get("accuracy").asDouble(), "reference: 12 vs 12.0 scores 0");
    JsonNode summary = json.readTree(ref.resolve("summary.json").toFile());
    assertTrue(summary.toString().contains("line 3"), summary.toString());

    Path fixed = dir.resolve("fixed");
    assertEquals(
        0,
        VideoR1.execute(
            "score", "--in", in.toString(), "--out", fixed.toString(), "--set", "score.numerical_decimal_flag=false"));
    assertEquals(1.0, json.readTree(Files.readAllLines(fixed.resolve("scores.jsonl")).get(1)).get("accuracy").asDouble());

    assertEquals(2, VideoR1.execute("score", "--in", in.toString(), "--out", fixed.toString(), "--set", "score.typo=1"));
  }
}
