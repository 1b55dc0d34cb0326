package io.videor1.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.videor1.fuzz.Fuzzer;
import io.videor1.testing.SharedData;
import io.videor1.text.Utf8;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz targets of evaluation's own input parsers: the TempCompass converter (any file converts, or fails with an
 * IOException or IllegalArgumentException that names the problem; what it converts can be written as the command
 * does), and the robust multiple-choice extractor (never throws; a letter or "").
 */
class EvalInputsFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> DICT = List.of("{", "}", "[", "]", ",", ":", "\"", "\"question\":",
      "\"answer\":", "\\nA. ", "\\nB. ", "\"A. yes\"", "\"yes\"", "\"no\"", "\\ud800", "\\u0000", "null", "1");

  @TempDir Path tmp;

  @Test
  void tempCompassConverter() throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    for (String f : new String[] {"multi-choice.json", "yes_no.json"}) {
      JsonNode all = JSON.readTree(SharedData.testdata().resolve("annotations/tempcompass/questions/" + f).toFile());
      ObjectNode few = JSON.createObjectNode();
      Iterator<Map.Entry<String, JsonNode>> it = all.fields();
      for (int i = 0; i < 2 && it.hasNext(); i++) {
        Map.Entry<String, JsonNode> e = it.next();
        few.set(e.getKey(), e.getValue());
      }
      seeds.add(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(few));
    }
    Fuzzer.run("tempcompass", seeds, DICT, input -> {
      Path in = tmp.resolve("q.json");
      Files.write(in, input);
      for (boolean yesNo : new boolean[] {false, true}) {
        List<ObjectNode> records;
        try {
          records = TempCompassConverter.convert(in, yesNo, TempCompassConverter.Options.defaults(), 1);
        } catch (IOException | IllegalArgumentException e) {
          assertTrue(e.getMessage() != null, "the error names the problem");
          continue;
        }
        // What `videor1 tempcompass` does with them: a UTF-8 JSON file a benchmark run reads back.
        byte[] out = JSON.writeValueAsBytes(records);
        StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(out)); // strict: throws on bad bytes
        JSON.readTree(out).forEach(r -> r.fields().forEachRemaining(f -> assertTrue(Utf8.wellFormed(f.getValue()
            .asText()), f.getKey())));
      }
    });
  }

  @Test
  void robustChoiceExtractor() {
    List<byte[]> seeds = List.of("The answer is (B).\u001FA. x\u001FB. y".getBytes(StandardCharsets.UTF_8),
        "<answer>C. blue</answer>\u001FC. blue".getBytes(StandardCharsets.UTF_8));
    Fuzzer.run("robust-choice", seeds, List.of("(", ")", "A", "B.", "answer", "is", "\u001F", "\\ud800"),
        input -> {
          String[] parts = Fuzzer.unescaped(input).split("\u001F", -1);
          String letter = RobustChoice.letter(parts[0], List.of(parts).subList(1, parts.length));
          assertTrue(letter != null && letter.length() <= 1, "a letter or nothing: " + letter);
        });
  }
}
