package io.videor1.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One seed gives the same bytes, whatever the thread count; train and test never share a sample. */
class SynthDeterminismTest {
  @Test
  void twoRunsWithOneSeedWriteByteIdenticalManifestsAndMedia() throws Exception {
    Path a = SynthRuns.standard();
    Path b = SynthRuns.run("standard-one-thread", "synth.train=150", "synth.test=50", "synth.seed=7", "synth.threads=1");
    List<Path> files;
    try (Stream<Path> s = Files.walk(a)) {
      files = s.filter(Files::isRegularFile).map(a::relativize).sorted().toList();
    }
    try (Stream<Path> s = Files.walk(b)) {
      assertEquals(files, s.filter(Files::isRegularFile).map(b::relativize).sorted().toList());
    }
    assertTrue(files.contains(Path.of("train.json")) && files.contains(Path.of("train_cot.json")));
    assertEquals(200 + 6, files.size(), "200 media files, 3 manifests, 2 truth files, _synth.json: " + files);
    for (Path f : files) {
      assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f.toString());
    }
  }

  @Test
  void manifestsAreSortedByProblemIdWithPathsRelativeToTheOutputDirectory() throws Exception {
    Path dir = SynthRuns.standard();
    for (String split : List.of("train", "test")) {
      List<JsonNode> records = SynthRuns.array(dir.resolve(split + ".json"));
      long base = split.equals("test") ? SynthConfig.TEST_ID_BASE : 0;
      for (int i = 0; i < records.size(); i++) {
        JsonNode r = records.get(i);
        assertEquals(base + i, r.get("problem_id").asLong());
        String path = r.get("path").asText();
        assertTrue(path.startsWith("./" + split + "/"), path);
        assertTrue(Files.isRegularFile(dir.resolve(path.substring(2))), path);
        assertEquals(List.of("problem_id", "problem", "data_type", "problem_type", "options", "solution", "path",
            "data_source", "temporal", "truth"), fieldNames(r));
      }
    }
  }

  @Test
  void anotherSeedGivesOtherSamplesAndTestNeverRepeatsTrain() throws Exception {
    Path dir = SynthRuns.standard();
    Path other = SynthRuns.run("other-seed", "synth.train=20", "synth.test=0", "synth.seed=8");
    assertNotEquals(SynthRuns.array(dir.resolve("train.json")).subList(0, 20), SynthRuns.array(other.resolve("train.json")));
    Set<String> train = new HashSet<>();
    SynthRuns.lines(dir.resolve("train_truth.jsonl")).forEach(t -> train.add(t.get("beats").toString() + t.get("statics")));
    for (JsonNode t : SynthRuns.lines(dir.resolve("test_truth.jsonl"))) {
      assertFalse(train.contains(t.get("beats").toString() + t.get("statics")), "test sample repeats a training one: " + t);
    }
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
