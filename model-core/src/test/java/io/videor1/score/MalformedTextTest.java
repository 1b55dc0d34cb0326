package io.videor1.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.videor1.reward.RewardOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code videor1 score} on files holding each class of malformed text: the bad row is scored or reported, every
 * other row comes through with its own scores, and the summary's counts add up to the rows read.
 */
class MalformedTextTest {
  private static final String GOOD = "{\"problem_id\":%d,\"problem_type\":\"multiple choice\","
      + "\"solution\":\"<answer>B</answer>\",\"output\":\"<think>x</think><answer>B</answer>\"}";

  @TempDir Path tmp;

  /** Good rows 1 and 3 around {@code bad} (bytes) as row 2, scored; checks the good rows and the totals. */
  private List<JsonObject> scoreAround(byte[] bad, int expectedErrors, int expectedRepaired) throws IOException {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(String.format(GOOD, 1).getBytes(StandardCharsets.UTF_8));
    file.write('\n');
    file.write(bad);
    file.write('\n');
    file.write(String.format(GOOD, 3).getBytes(StandardCharsets.UTF_8));
    file.write('\n');
    Path in = tmp.resolve("in.jsonl");
    Files.write(in, file.toByteArray());
    Path out = tmp.resolve("out");
    ScoreSummary s = ScoreFiles.run(in, out, RewardOptions.defaults(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertEquals(3, s.rows());
    assertEquals(expectedErrors, s.errorCount());
    assertEquals(expectedRepaired, s.repairedCount());
    assertEquals(3, s.byType().values().stream().mapToLong(ScoreSummary.TypeStats::count).sum(), "types add up");
    // The written file is strict UTF-8 (decoding it with REPORT would throw) and has one line per row read.
    String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(
        Files.readAllBytes(out.resolve("scores.jsonl")))).toString();
    List<JsonObject> rows = text.lines().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
    assertEquals(3, rows.size());
    for (int i : new int[] {0, 2}) {
      assertEquals(i + 1, rows.get(i).get("problem_id").getAsInt());
      assertEquals(1.0, rows.get(i).get("accuracy").getAsDouble(), "good row " + (i + 1) + " scored as usual");
      assertEquals(1.0, rows.get(i).get("format").getAsDouble());
      assertFalse(rows.get(i).has("text_repaired"));
    }
    JsonObject summary = JsonParser.parseString(Files.readString(out.resolve("summary.json"))).getAsJsonObject();
    assertEquals(expectedRepaired, summary.get("repaired_count").getAsInt());
    return rows;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void loneSurrogateIsReplacedAndTheRowFlagged() throws IOException {
    // What Python's json.dumps writes for a string holding a lone surrogate (the reported failure).
    JsonObject row = scoreAround(utf8("{\"problem_id\":2,\"problem_type\":\"multiple choice\","
        + "\"solution\":\"<answer>B</answer>\",\"output\":\"<think>\\ud800</think><answer>B</answer>\"}"), 0, 1).get(1);
    assertEquals("<think>\uFFFD</think><answer>B</answer>", row.get("output").getAsString());
    assertTrue(row.get("text_repaired").getAsBoolean());
    assertEquals(1.0, row.get("accuracy").getAsDouble());
  }

  @Test
  void bytesThatAreNotUtf8AreReplacedAndTheRowFlagged() throws IOException {
    byte[] head = utf8("{\"problem_id\":2,\"problem_type\":\"multiple choice\",\"solution\":\"<answer>B</answer>\","
        + "\"output\":\"<think>");
    byte[] tail = utf8("</think><answer>B</answer>\"}");
    byte[] bad = {(byte) 0xFF, (byte) 0xC3, (byte) 0x28, (byte) 0xED, (byte) 0xA0, (byte) 0x80}; // junk, a cut pair, CESU
    byte[] line = concat(head, bad, tail);
    JsonObject row = scoreAround(line, 0, 1).get(1);
    String output = row.get("output").getAsString();
    assertTrue(output.startsWith("<think>\uFFFD") && output.endsWith("</think><answer>B</answer>"), output);
    assertTrue(row.get("text_repaired").getAsBoolean());
  }

  @Test
  void nulCharactersPassThroughEscaped() throws IOException {
    JsonObject row = scoreAround(utf8("{\"problem_id\":2,\"problem_type\":\"multiple choice\","
        + "\"solution\":\"<answer>B</answer>\",\"output\":\"<think>a\\u0000b</think><answer>B</answer>\"}"), 0, 0)
        .get(1);
    assertEquals("<think>a\u0000b</think><answer>B</answer>", row.get("output").getAsString(), "NUL is valid text");
    assertEquals(1.0, row.get("format").getAsDouble());
  }

  @Test
  void aRawNulByteInTheLineIsOneRowsProblem() throws IOException {
    byte[] line = concat(utf8("{\"problem_id\":2,\"problem_type\":\"numerical\",\"solution\":\"<answer>3</answer>\","
        + "\"output\":\"<answer>3"), new byte[] {0}, utf8("</answer>\"}"));
    List<JsonObject> rows = scoreAround(line, 0, 0);
    assertEquals(2, rows.get(1).get("problem_id").getAsInt());
  }

  @Test
  void a200000CharacterOutputIsScored() throws IOException {
    char[] filler = new char[200_000];
    Arrays.fill(filler, 'x');
    String huge = "<think>" + new String(filler) + "</think><answer>B</answer>";
    JsonObject row = scoreAround(utf8("{\"problem_id\":2,\"problem_type\":\"multiple choice\","
        + "\"solution\":\"<answer>B</answer>\",\"output\":\"" + huge + "\"}"), 0, 0).get(1);
    assertEquals(huge.length(), row.get("output").getAsString().length(), "carried through whole");
    assertEquals(1.0, row.get("accuracy").getAsDouble());
  }

  @Test
  void aJsonLineCutInTheMiddleIsReportedAlone() throws IOException {
    String whole = String.format(GOOD, 2);
    JsonObject row = scoreAround(utf8(whole.substring(0, whole.length() / 2)), 1, 0).get(1);
    assertEquals(2, row.get("line").getAsInt());
    assertTrue(row.get("error").getAsString().startsWith("not valid JSON"), row.toString());
    assertEquals(0.0, row.get("accuracy").getAsDouble());
  }

  @Test
  void aCutMultiByteCharacterAtTheEndOfTheFileIsRepaired() throws IOException {
    byte[] euro = utf8("\u20AC");
    Path in = tmp.resolve("cut.jsonl");
    Files.write(in, concat(utf8(String.format(GOOD, 1) + "\n{\"a\":\""), Arrays.copyOf(euro, 2)));
    ScoreSummary s = ScoreFiles.run(in, tmp.resolve("cut"), RewardOptions.defaults(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertEquals(2, s.rows());
    assertEquals(1, s.errorCount());
    assertEquals(1, s.repairedCount());
    assertEquals(1.0, s.byType().get("multiple choice").accuracy());
  }

  @Test
  void anUnknownProblemTypeStillGetsItsFormatReward() throws IOException {
    JsonObject row = scoreAround(utf8("{\"problem_id\":2,\"problem_type\":\"counting\","
        + "\"solution\":\"<answer>3</answer>\",\"output\":\"<think>x</think><answer>3</answer>\"}"), 1, 0).get(1);
    assertTrue(row.get("error").getAsString().contains("unknown problem_type 'counting'"));
    assertEquals(0.0, row.get("accuracy").getAsDouble());
    assertEquals(1.0, row.get("format").getAsDouble(), "the format reward does not depend on the type");
  }

  @Test
  void aJsonArrayWithBadBytesKeepsEveryRecord() throws IOException {
    byte[] file = concat(utf8("[" + String.format(GOOD, 1) + ",\n{\"problem_id\":2,\"problem_type\":\"OCR\","
        + "\"solution\":\"<answer>ab</answer>\",\"output\":\"<answer>a"), new byte[] {(byte) 0x80},
        utf8("b</answer>\"},\n" + String.format(GOOD, 3) + "]"));
    Path in = tmp.resolve("arr.json");
    Files.write(in, file);
    ScoreSummary s = ScoreFiles.run(in, tmp.resolve("arr"), RewardOptions.defaults(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertEquals(3, s.rows());
    assertEquals(0, s.errorCount());
    assertEquals(1, s.repairedCount());
    assertEquals(1.0, s.byType().get("multiple choice").accuracy());
    assertEquals(2, s.byType().get("multiple choice").count());
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }
}
