package io.videor1.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.videor1.fuzz.Fuzzer;
import io.videor1.reward.RewardOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz targets of {@code videor1 score}'s reader (JSON Lines and JSON arrays) and scorer: on any bytes it returns, the
 * rows of the summary add up, every score is in [0, 1], and scores.jsonl is strict UTF-8 with one line per row.
 */
class ScoreFilesFuzzTest {
  static final List<String> DICT = List.of("{", "}", "[", "]", ",", ":", "\"", "\"problem_type\":",
      "\"multiple choice\"", "\"numerical\"", "\"OCR\"", "\"free-form\"", "\"regression\"", "\"solution\":",
      "\"output\":", "\"options\":", "\"data_source\":\"VSI-Bench\"", "\"<answer>B</answer>\"", "<think>", "</think>",
      "<answer>", "</answer>", "\\n", "\\ud800", "\\u0000", "1e400", "-0", "null", "true", "\n", "\r\n");
  static final String ROW = "{\"problem_id\":%d,\"problem_type\":\"%s\",\"solution\":\"<answer>%s</answer>\","
      + "\"output\":\"<think>x</think><answer>%s</answer>\",\"options\":[\"A. a\",\"B. b\"]}";

  @TempDir Path tmp;
  private PrintStream err;

  @BeforeEach
  void quiet() {
    err = System.err;
    System.setErr(new PrintStream(OutputStream.nullOutputStream())); // ScoreFiles reports each bad row there
  }

  @AfterEach
  void restore() {
    System.setErr(err);
  }

  static List<byte[]> rows(boolean array) {
    String[] r = {String.format(ROW, 1, "multiple choice", "B", "B"), String.format(ROW, 2, "numerical", "3.5", "3.50"),
        String.format(ROW, 3, "regression", "2.0", "2.5"), String.format(ROW, 4, "free-form", "a cat", "the cat"),
        String.format(ROW, 5, "OCR", "Hello world", "hello world")};
    String joined = array ? "[\n" + String.join(",\n", r) + "\n]\n" : String.join("\n", r) + "\n";
    return List.of(joined.getBytes(StandardCharsets.UTF_8), r[0].getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void jsonLines() {
    Fuzzer.run("score-jsonl", rows(false), DICT, this::scoreAndCheck);
  }

  @Test
  void jsonArray() {
    Fuzzer.run("score-json-array", rows(true), DICT, this::scoreAndCheck);
  }

  private void scoreAndCheck(byte[] input) throws IOException {
    Path in = tmp.resolve("in.jsonl");
    Files.write(in, input);
    Path out = tmp.resolve("out");
    ScoreSummary s = ScoreFiles.run(in, out, RewardOptions.defaults(),
        new PrintStream(OutputStream.nullOutputStream()));
    assertEquals(s.rows(), s.byType().values().stream().mapToLong(ScoreSummary.TypeStats::count).sum());
    assertTrue(s.errorCount() <= s.rows() && s.repairedCount() <= s.rows(), s.toString());
    String text = StandardCharsets.UTF_8.newDecoder()
        .decode(ByteBuffer.wrap(Files.readAllBytes(out.resolve("scores.jsonl")))).toString();
    List<String> lines = text.lines().toList();
    assertEquals(s.rows(), lines.size());
    for (String l : lines) {
      JsonObject row = JsonParser.parseString(l).getAsJsonObject();
      for (String k : new String[] {"accuracy", "format", "eval_score"}) {
        double v = row.get(k).getAsDouble();
        assertTrue(v >= 0 && v <= 1, k + " = " + v);
      }
    }
    JsonParser.parseString(Files.readString(out.resolve("summary.json")));
  }
}
