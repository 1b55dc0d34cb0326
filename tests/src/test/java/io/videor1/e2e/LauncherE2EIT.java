package io.videor1.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.curate.FramesReader;
import io.videor1.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code bin/videor1} launcher as a user runs it: a separate JVM, the shaded jar, local Spark. */
class LauncherE2EIT {
  static final Path REPO = Path.of(System.getProperty("videor1.repo.dir", "..")).toAbsolutePath().normalize();

  record Run(int exit, String output) {}

  static Run videor1(Path workDir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(REPO.resolve("bin/videor1").toString());
    cmd.addAll(List.of(args));
    Path log = Files.createTempFile(workDir, "videor1-", ".log");
    Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("videor1 " + String.join(" ", args) + " timed out");
    }
    return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** What a task run aside gives, failing as the task failed (its assertion error as it is). */
  static <T> T await(Future<T> started) throws Exception {
    try {
      return started.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  @Test
  void helpListsOnlyWorkingCommands(@TempDir Path dir) throws Exception {
    Run r = videor1(dir, "--help");
    assertEquals(0, r.exit(), r.output());
    for (String c : List.of("curate", "score", "synth", "eval", "tempcompass", "bench")) {
      assertTrue(r.output().contains(c), r.output());
    }
  }

  @Test
  void badConfigurationStopsBeforeSparkAndNamesTheKey(@TempDir Path dir) throws Exception {
    Run r = videor1(dir, "curate", "--manifest", "m.json", "--media-root", ".", "--out", "o", "--set", "curate.max_frams=8");
    assertEquals(2, r.exit(), r.output());
    assertTrue(r.output().contains("unknown configuration key 'curate.max_frams'"), r.output());
    assertTrue(!r.output().contains("SparkContext"), "Spark must not start: " + r.output());
    r = videor1(dir, "curate", "--manifest", "m.json", "--media-root", ".", "--out", "o", "--preset", "eval", "--set", "curate.max_frames=1000");
    assertEquals(2, r.exit(), r.output());
    assertTrue(r.output().contains("curate.max_frames must be 2 to 768"), r.output());
  }

  @Test
  void curatesTheVideoR1SampleRecords(@TempDir Path dir) throws Exception {
    Path testdata = SharedData.testdata();
    Path media = Files.createDirectories(dir.resolve("media/DataFlow-MM/dataflow/example/video_cot_qa"));
    try (Stream<Path> s = Files.list(testdata.resolve("videor1/media"))) {
      for (Path f : s.toList()) {
        Files.createSymbolicLink(media.resolve(f.getFileName()), f);
      }
    }
    Path manifest = testdata.resolve("videor1/schema/dataflow_mm_video_cot_qa_sample_data.json");
    Path out = dir.resolve("curated");
    Run r = videor1(dir, "curate", "--manifest", manifest.toString(), "--media-root", dir.resolve("media").toString(), "--out", out.toString());
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("rows_in=5 = rows_out=5 + rows_quarantined=0 + rows_skipped=0 (balanced)"), r.output());
    JsonNode summary = new ObjectMapper().readTree(out.resolve("_summary.json").toFile());
    assertEquals(5, summary.get("rows_out").asInt());
    assertEquals(16, summary.get("parameters").get("max_frames").asInt());

    int frames = 0;
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    for (org.apache.hadoop.fs.Path part : FramesReader.files(new org.apache.hadoop.fs.Path(out.resolve("frames").toString()), conf)) {
      try (FramesReader reader = FramesReader.open(part, conf)) {
        for (FramesReader.Frames f = reader.next(); f != null; f = reader.next()) {
          frames += f.rgb().size();
          assertEquals(0, f.height() % 28);
        }
      }
    }
    assertEquals(16 + 16 + 10 + 1 + 1, frames, "3 videos (16, 16 and 10 frames) and 2 images");

    Run again = videor1(dir, "curate", "--manifest", manifest.toString(), "--media-root", dir.resolve("media").toString(), "--out", out.toString());
    assertEquals(0, again.exit(), again.output());
    assertTrue(again.output().contains("rows_skipped=5 (balanced)"), again.output());
  }
}
