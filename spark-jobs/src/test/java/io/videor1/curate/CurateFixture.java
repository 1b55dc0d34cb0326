package io.videor1.curate;

import io.videor1.testing.SharedData;
import io.videor1.testing.TestVideos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A media root and JSONL manifest over every shared test file plus the bad-input classes the job must quarantine.
 */
final class CurateFixture {
  static final ObjectMapper JSON = new ObjectMapper();

  final Path mediaRoot;
  final Path manifest;
  final List<String> lines = new ArrayList<>();
  int expectedQuarantined;

  CurateFixture(Path dir) throws Exception {
    Path testdata = SharedData.testdata();
    mediaRoot = Files.createDirectories(dir.resolve("media"));
    // The DataFlow-MM sample names its media ./DataFlow-MM/dataflow/example/video_cot_qa/<file>.
    Path dataflow = Files.createDirectories(mediaRoot.resolve("DataFlow-MM/dataflow/example/video_cot_qa"));
    try (Stream<Path> s = Files.list(testdata.resolve("videor1/media"))) {
      for (Path f : s.collect(Collectors.toList())) {
        Files.createSymbolicLink(dataflow.resolve(f.getFileName()), f);
      }
    }
    for (var node : JSON.readTree(testdata.resolve("videor1/schema/dataflow_mm_video_cot_qa_sample_data.json").toFile())) {
      lines.add(JSON.writeValueAsString(node));
    }
    // Every shared video as a multiple-choice record; two questions on the first one share a decode.
    List<Path> videos;
    try (Stream<Path> s = Files.walk(testdata.resolve("videos"))) {
      videos = s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
    int id = 100;
    for (Path v : videos) {
      Path link = mediaRoot.resolve("videos").resolve(testdata.resolve("videos").relativize(v));
      Files.createDirectories(link.getParent());
      Files.createSymbolicLink(link, v);
      lines.add(record(id++, "video", "./videos/" + testdata.resolve("videos").relativize(v)));
    }
    lines.add(record(id++, "video", "./videos/decord/flipping_a_pancake.mkv"));
    expectedQuarantined += 10; // the broken and one-frame files of testdata/MANIFEST.md
    TestVideos.write(mediaRoot.resolve("rotated.mp4"), 128, 64, 90, 1.0, TestVideos.constantRate(30, 10));
    lines.add(record(id++, "video", "./rotated.mp4"));
    // Bad input, one of each class.
    Files.writeString(mediaRoot.resolve("notes.txt"), "not a video\n");
    lines.add(record(id++, "video", "./notes.txt"));
    lines.add(record(id++, "video", "./videos/nope.mp4"));
    lines.add(record(id++, "video", "../../etc/passwd"));
    lines.add("{\"problem\": oops");
    lines.add(record(id++, "video", "./rotated.mp4").replace("multiple choice", "counting"));
    lines.add(record(id++, "video", "./rotated.mp4").replace("\"data_type\":\"video\"", "\"data_type\":\"audio\""));
    lines.add(record(id++, "video", "./rotated.mp4").replace("\"solution\":\"<answer>A</answer>\",", ""));
    expectedQuarantined += 7;
    manifest = dir.resolve("manifest.jsonl");
    write();
  }

  void write() throws IOException {
    Files.write(manifest, lines);
  }

  static String record(int id, String dataType, String path) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("problem_id", id);
    n.put("problem", "Which way does the object move?");
    n.put("data_type", dataType);
    n.put("problem_type", "multiple choice");
    n.putArray("options").add("A. left").add("B. right");
    n.put("solution", "<answer>A</answer>");
    n.put("path", path);
    n.put("data_source", "testdata");
    return JSON.writeValueAsString(n);
  }
}
