package io.videor1.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifest records in every shape the data comes in, and every way they can be wrong. */
class ManifestRecordTest {
  private static final String OK =
      "{\"problem_id\": 7, \"problem\": \"How many?\", \"data_type\": \"video\", \"problem_type\": \"numerical\","
          + " \"options\": [], \"solution\": \"<answer>2</answer>\", \"path\": \"./CLEVRER/video_01234.mp4\","
          + " \"data_source\": \"CLEVRER\"}";

  private static ManifestRecord parse(String json) {
    return ManifestRecord.parse(new ManifestLine(3, json, null));
  }

  private static String reason(String json) {
    return assertThrows(IllegalArgumentException.class, () -> parse(json)).getMessage();
  }

  @Test
  void releasedSchema() {
    ManifestRecord r = parse(OK);
    assertEquals(7L, r.problemId());
    assertEquals("CLEVRER/video_01234.mp4", r.mediaPath());
    assertEquals("./CLEVRER/video_01234.mp4", r.path());
    assertEquals("CLEVRER", r.dataSource());
    assertNull(r.extraJson());
  }

  @Test
  void sharedVariantsParse() throws Exception {
    Path file = SharedData.testdata().resolve("videor1/schema/dataflow_mm_video_cot_qa_sample_data.json");
    List<ManifestLine> lines = ManifestReader.read(file.toUri().toString(), new Configuration());
    assertEquals(5, lines.size());
    for (ManifestLine l : lines) {
      ManifestRecord r = ManifestRecord.parse(l);
      assertNull(r.problemId());
      assertNull(r.dataSource());
      assertTrue(r.mediaPath().startsWith("DataFlow-MM/dataflow/example/video_cot_qa/"), r.mediaPath());
    }
    assertEquals("multiple choice", ManifestRecord.parse(lines.get(0)).problemType());
    assertEquals(4, ManifestRecord.parse(lines.get(0)).options().size());
  }

  @Test
  void unknownFieldsAreKept() {
    ManifestRecord r = parse(OK.replace("}", ", \"answer\": \"2\", \"reward\": 1.0}"));
    assertEquals("{\"answer\":\"2\",\"reward\":1.0}", r.extraJson());
  }

  @Test
  void everyWayARecordIsWrongHasAReason() {
    assertTrue(reason(OK.replace("\"numerical\"", "\"counting\"")).contains("unknown problem_type 'counting'"));
    assertTrue(reason(OK.replace("\"data_type\": \"video\"", "\"data_type\": \"audio\"")).contains("unknown data_type"));
    assertTrue(reason(OK.replace("\"problem\": \"How many?\",", "")).contains("missing required field 'problem'"));
    assertTrue(reason(OK.replace("\"solution\": \"<answer>2</answer>\",", "")).contains("'solution'"));
    assertTrue(reason(OK.replace("\"path\": \"./CLEVRER/video_01234.mp4\",", "")).contains("'path'"));
    assertTrue(reason(OK.replace("./CLEVRER", "../../etc")).contains("escapes the media root"));
    assertTrue(reason(OK.replace("./CLEVRER", "/etc")).contains("absolute"));
    assertTrue(reason(OK.replace("./CLEVRER", "s3://bucket")).contains("URI"));
    assertTrue(reason(OK.replace("\"problem_id\": 7", "\"problem_id\": \"seven\"")).contains("problem_id"));
    assertTrue(reason(OK.replace("\"options\": []", "\"options\": \"A\"")).contains("options"));
    assertTrue(reason("{\"problem\": ").startsWith("malformed JSON"));
    assertTrue(reason("[1, 2]").contains("not a JSON object"));
    String twoVideos = OK.replace("\"path\": \"./CLEVRER/video_01234.mp4\"", "\"video\": [\"a.mp4\", \"b.mp4\"]");
    assertTrue(reason(twoVideos).contains("2 video files"));
    String imageKey = OK.replace("\"path\": \"./CLEVRER/video_01234.mp4\"", "\"image\": [\"a.png\"]");
    assertTrue(reason(imageKey).contains("under 'image'"));
  }

  @Test
  void pathsNormaliseInsideTheRoot() {
    assertEquals("a/c.mp4", MediaPaths.relativize("./a/b/../c.mp4"));
    assertEquals("x.mp4", MediaPaths.relativize("x.mp4"));
    assertThrows(IllegalArgumentException.class, () -> MediaPaths.relativize("a/../../x.mp4"));
    assertThrows(IllegalArgumentException.class, () -> MediaPaths.relativize("./"));
    assertThrows(IllegalArgumentException.class, () -> MediaPaths.relativize("C:\\x.mp4"));
  }

  @Test
  void jsonlAndBrokenArrays(@TempDir Path dir) throws Exception {
    Path jsonl = dir.resolve("m.jsonl");
    Files.writeString(jsonl, OK + "\n\n{broken\n" + OK + "\n");
    List<ManifestLine> lines = ManifestReader.read(jsonl.toString(), new Configuration());
    assertEquals(3, lines.size());
    assertEquals(3, lines.get(1).line());
    assertEquals(4, lines.get(2).line());
    Path broken = dir.resolve("m.json");
    Files.writeString(broken, "[\n" + OK + ",\n" + OK + ",\n{\"problem\": oops}\n]");
    lines = ManifestReader.read(broken.toString(), new Configuration());
    assertEquals(3, lines.size());
    assertTrue(lines.get(2).readError().contains("not valid JSON at line 4"), lines.get(2).readError());
    assertEquals(3, lines.get(1).line());
  }
}
