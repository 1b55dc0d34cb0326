package io.videor1.curate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.videor1.fuzz.Fuzzer;
import io.videor1.testing.SharedData;
import io.videor1.text.Utf8;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz targets of the manifest reader, which also reads benchmark files ({@code videor1 eval --bench}): on any bytes
 * it returns lines, at most one read error and only last, and every line is either a record with well-formed text
 * or an IllegalArgumentException naming why it goes to quarantine.
 */
class ManifestReaderFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> DICT = List.of("{", "}", "[", "]", ",", ":", "\"", "\"problem_id\":",
      "\"problem\":", "\"data_type\":\"video\"", "\"data_type\":\"image\"", "\"problem_type\":\"numerical\"",
      "\"options\":[\"A. x\"]", "\"solution\":\"<answer>A</answer>\"", "\"path\":\"./a.mp4\"", "\"video\":[\"v.mp4\"]",
      "\"image\":\"i.png\"", "\"data_source\":", "\\ud800", "\\u0000", "null", "1e400", "-1", "\n", "\r\n", "\uFEFF");
  private static final Configuration CONF = new Configuration();

  @TempDir Path tmp;

  @Test
  void jsonArrayManifest() throws Exception {
    byte[] sample = Files.readAllBytes(SharedData.testdata().resolve(
        "videor1/schema/dataflow_mm_video_cot_qa_sample_data.json"));
    Fuzzer.run("manifest-json-array", List.of(sample), DICT, this::readAndParse);
  }

  @Test
  void jsonLinesManifest() throws Exception {
    JsonNode arr = JSON.readTree(SharedData.testdata().resolve(
        "videor1/schema/dataflow_mm_video_cot_qa_sample_data.json").toFile());
    StringBuilder lines = new StringBuilder();
    arr.forEach(n -> lines.append(n.toString()).append('\n'));
    Fuzzer.run("manifest-jsonl", List.of(lines.toString().getBytes(StandardCharsets.UTF_8)), DICT,
        this::readAndParse);
  }

  @Test
  void benchmarkFile() throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    for (String f : new String[] {"mmvu.json", "videommmu.json"}) {
      JsonNode all = JSON.readTree(SharedData.testdata().resolve("annotations/easyvideor1_valid_data/" + f).toFile());
      ArrayNode few = JSON.createArrayNode();
      for (int i = 0; i < 3 && i < all.size(); i++) {
        few.add(all.get(i));
      }
      seeds.add(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(few));
    }
    Fuzzer.run("benchmark-file", seeds, DICT, this::readAndParse);
  }

  private void readAndParse(byte[] input) throws Exception {
    Path file = tmp.resolve("manifest.json");
    Files.write(file, input);
    List<ManifestLine> lines = ManifestReader.read(file.toString(), CONF);
    for (int i = 0; i < lines.size(); i++) {
      ManifestLine l = lines.get(i);
      assertTrue(l.readError() == null || i == lines.size() - 1, "a read error ends the file");
      assertTrue(Utf8.wellFormed(l.raw()), "raw text is well-formed");
      try {
        ManifestRecord r = ManifestRecord.parse(l);
        for (String s : new String[] {r.problem(), r.solution(), r.path(), r.dataSource(), r.extraJson()}) {
          assertTrue(Utf8.wellFormed(s), "record text is well-formed: " + s);
        }
        r.options().forEach(o -> assertTrue(Utf8.wellFormed(o)));
      } catch (IllegalArgumentException quarantined) {
        assertTrue(quarantined.getMessage() != null && Utf8.wellFormed(quarantined.getMessage()));
      }
    }
  }
}
