package io.videor1.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.videor1.reward.RewardOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code videor1 score} on JSON Lines and JSON arrays, with malformed rows and VSI-Bench's combination. */
class ScoreFilesTest {
  private static final RewardOptions REF = RewardOptions.defaults();
  private static final double FREE_FORM = (5.0 / 6 + 0.6 + 5.0 / 6) / 3; // spec §4.2 example
  private static final double REGRESSION = 1 - (0.5 + 1e-9) / (2.0 + 1e-9); // gt 2.0, pred 2.5

  @TempDir Path tmp;

  private static final String[] LINES = {
    "{\"problem_id\":1,\"problem_type\":\"multiple choice\",\"solution\":\"<answer>B</answer>\","
        + "\"output\":\"<think>x</think><answer>B</answer>\",\"options\":[\"A. a\",\"B. b\"]}",
    "{\"problem_id\":2,\"problem_type\":\"numerical\",\"solution\":\"<answer>12</answer>\",\"output\":\"12.0\"}",
    "",
    "{\"problem_type\": \"OCR\", ",
    "{\"problem_id\":5,\"problem_type\":\"regression\",\"solution\":\"<answer>2.0</answer>\","
        + "\"output\":\"<think>a</think> <answer>2.5</answer>\",\"data_source\":\"VSI-Bench\"}",
    "[1,2]",
    "{\"problem_type\":\"OCR\",\"solution\":\"<answer>Hello world foo</answer>\"}",
    "{\"problem_type\":\"Multiple Choice\",\"solution\":\"<answer>A</answer>\",\"output\":\"<answer>A</answer>\"}",
    "{\"problem_type\":\"free-form\",\"solution\":\"<answer>the cat sat on the mat</answer>\","
        + "\"output\":\"<think></think><answer>the cat sat on a mat</answer>\"}",
  };

  @Test
  void jsonLinesWithMalformedRows() throws IOException {
    Path in = tmp.resolve("outputs.jsonl");
    Files.writeString(in, String.join("\n", LINES) + "\n");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    ScoreSummary s = ScoreFiles.run(in, tmp.resolve("out"), REF, out);

    assertEquals(8, s.rows());
    assertEquals(4, s.errorCount());
    assertEquals(List.of("line 4", "line 6", "line 7", "line 8"),
        s.errors().stream().map(e -> e.substring(0, e.indexOf(':'))).toList());
    assertTrue(s.errors().get(2).contains("'output'"), s.errors().get(2));
    assertTrue(s.errors().get(3).contains("unknown problem_type 'Multiple Choice'"), s.errors().get(3));
    assertEquals(1.0, s.byType().get("multiple choice").evalScore());
    assertEquals(0.0, s.byType().get("numerical").evalScore(), "12 vs 12.0: decimal flag");
    assertEquals(2, s.byType().get("(invalid)").count());
    assertEquals(REGRESSION, s.byType().get("regression").accuracy(), 1e-15);
    assertEquals(0.5, s.byType().get("regression").evalScore(), "MRA");
    assertEquals(FREE_FORM, s.byType().get("free-form").accuracy(), 1e-15);
    assertEquals((1 + REGRESSION + FREE_FORM) / 8, s.overall().accuracy(), 1e-15);
    assertEquals(3.0 / 8, s.overall().format(), 1e-15);
    assertEquals(1.0 / 7, s.meanAcc(), 1e-15);
    assertEquals(0.5, s.meanMra());
    assertTrue(s.vsiBench(), "data_source mentions VSI");
    assertEquals((1.0 / 7 + 0.5) / 2, s.benchmarkScore(), 1e-15);

    List<String> scored = Files.readAllLines(tmp.resolve("out/scores.jsonl"));
    assertEquals(8, scored.size());
    assertTrue(scored.get(0).contains("<answer>B</answer>"), "no HTML escaping: " + scored.get(0));
    JsonObject first = JsonParser.parseString(scored.get(0)).getAsJsonObject();
    assertEquals(1, first.get("problem_id").getAsInt());
    assertEquals(1.0, first.get("accuracy").getAsDouble());
    assertEquals(1.0, first.get("format").getAsDouble());
    assertEquals(1.0, first.get("eval_score").getAsDouble());
    JsonObject broken = JsonParser.parseString(scored.get(2)).getAsJsonObject();
    assertEquals(4, broken.get("line").getAsInt());
    assertEquals(0.0, broken.get("eval_score").getAsDouble());

    JsonObject summary = JsonParser.parseString(Files.readString(tmp.resolve("out/summary.json"))).getAsJsonObject();
    assertEquals(8, summary.get("rows").getAsInt());
    assertEquals("vsibench", summary.get("benchmark").getAsString());
    assertEquals(4, summary.getAsJsonArray("errors").size());
    String text = printed.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("multiple choice") && text.contains("overall") && text.contains("vsibench"), text);
  }

  @Test
  void jsonArrayReportsTheLineWhereEachRecordStarts() throws IOException {
    StringBuilder sb = new StringBuilder("\n[\n");
    int[] valid = {0, 1, 4, 8};
    for (int k = 0; k < valid.length; k++) {
      sb.append("  ").append(LINES[valid[k]]).append(",\n");
    }
    sb.append("  \"just a string\",\n  ").append(LINES[6]).append("\n]\n");
    Path in = tmp.resolve("outputs.json");
    Files.writeString(in, sb.toString());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    ScoreSummary s = ScoreFiles.run(in, tmp.resolve("out"), REF, "generic", quiet);
    assertEquals(6, s.rows());
    assertEquals(List.of("line 7: record is not a JSON object", "line 8: missing or non-string field 'output'"),
        s.errors());
    assertFalse(s.vsiBench(), "benchmark named explicitly");
    assertEquals(s.meanAcc(), s.benchmarkScore());
  }

  @Test
  void truncatedArrayKeepsWhatWasRead() throws IOException {
    Path in = tmp.resolve("cut.json");
    Files.writeString(in, "[" + LINES[0] + ",\n" + LINES[0] + ",\n{\"problem_type\": \"multi");
    ScoreSummary s = ScoreFiles.run(in, tmp.resolve("out"), REF, new PrintStream(new ByteArrayOutputStream()));
    assertEquals(3, s.rows());
    assertEquals(1, s.errorCount());
    assertTrue(s.errors().get(0).startsWith("line 3: malformed JSON array"), s.errors().get(0));
    assertEquals(2.0 / 3, s.overall().evalScore(), 1e-15);
  }

  @Test
  void vsiAggregationModes() throws IOException {
    Path in = tmp.resolve("eval_vsibench_run_greedy_output.json");
    JsonArray arr = new JsonArray();
    arr.add(record("multiple choice", "route_planning", "A", "A"));
    arr.add(record("multiple choice", "route_planning", "A", "B"));
    arr.add(record("multiple choice", "relative_direction", "C", "C"));
    arr.add(record("regression", "object_counting", "2.0", "2.5"));
    Files.writeString(in, arr.toString());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    ScoreSummary ref = ScoreFiles.run(in, tmp.resolve("a"), REF, quiet);
    assertTrue(ref.vsiBench(), "detected from the file name");
    assertEquals((2.0 / 3 + 0.5) / 2, ref.benchmarkScore(), 1e-15);
    RewardOptions perTask = REF.withVsiAggregation(RewardOptions.VsiAggregation.PER_TASK_MEAN);
    ScoreSummary official = ScoreFiles.run(in, tmp.resolve("b"), perTask, quiet);
    assertEquals((0.5 + 1.0 + 0.5) / 3, official.benchmarkScore(), 1e-15);
    assertEquals(0.5, official.perTask().get("route_planning"));
  }

  @Test
  void emptyInput() throws IOException {
    Path in = tmp.resolve("empty.jsonl");
    Files.writeString(in, "\n\n");
    ScoreSummary s = ScoreFiles.run(in, tmp.resolve("out"), REF, new PrintStream(new ByteArrayOutputStream()));
    assertEquals(0, s.rows());
    assertNull(s.meanAcc());
    assertNull(s.benchmarkScore());
    assertTrue(Files.exists(tmp.resolve("out/summary.json")));
  }

  @Test
  void realVideoR1RecordsAnsweredPerfectly() throws IOException {
    Path shared = Path.of(System.getProperty("videor1.shared.dir", "../shared"),
        "testdata/videor1/schema/dataflow_mm_video_cot_qa_sample_data.json");
    assumeTrue(Files.isRegularFile(shared), "../shared/testdata not found: " + shared.toAbsolutePath());
    JsonArray records = JsonParser.parseString(Files.readString(shared)).getAsJsonArray();
    for (JsonElement e : records) {
      JsonObject o = e.getAsJsonObject();
      o.addProperty("output", "<think>Let me think.</think>\n" + o.get("solution").getAsString());
    }
    Path in = tmp.resolve("perfect.json");
    Files.writeString(in, records.toString());
    ScoreSummary s = ScoreFiles.run(in, tmp.resolve("out"), REF, new PrintStream(new ByteArrayOutputStream()));
    assertEquals(5, s.rows());
    assertEquals(0, s.errorCount());
    for (String type : List.of("multiple choice", "numerical", "OCR", "free-form", "regression")) {
      assertEquals(1.0, s.byType().get(type).accuracy(), 1e-9, type);
      assertEquals(1.0, s.byType().get(type).format(), type);
    }
    assertEquals(0.0, s.byType().get("OCR").evalScore(), "evaluation does not score OCR");
    assertEquals(1.0, s.byType().get("regression").evalScore(), "MRA of an exact answer");
    assertEquals(0.5, s.meanAcc(), 1e-15, "MC 1, free-form 0, numerical 1, OCR 0");
    assertEquals(0.5, s.benchmarkScore(), 1e-15);
  }

  private static JsonObject record(String type, String task, String gt, String answer) {
    JsonObject o = new JsonObject();
    o.addProperty("problem_type", type);
    o.addProperty("question_type", task);
    o.addProperty("solution", "<answer>" + gt + "</answer>");
    o.addProperty("output", "<think>t</think><answer>" + answer + "</answer>");
    return o;
  }
}
