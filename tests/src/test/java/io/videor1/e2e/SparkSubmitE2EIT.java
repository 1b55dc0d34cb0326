package io.videor1.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded application jar under spark-submit (deploy/spark-submit.sh, which runs Spark's SparkSubmit from the Maven
 * jars when no Spark installation is present): Spark and Hadoop come from Spark, job defaults from inside the jar.
 */
class SparkSubmitE2EIT {
  private static final String SECRET = "PLANTED-secret-4f9c2e";

  @Test
  void sparkSubmitRunsTheCurationJobFromTheShadedJar(@TempDir Path dir) throws Exception {
    Path testdata = SharedData.testdata();
    Path media = Files.createDirectories(dir.resolve("media"));
    Files.createSymbolicLink(media.resolve("clip.mp4"), testdata.resolve("videor1/media/video_05282.mp4"));
    Path manifest = dir.resolve("m.jsonl");
    Files.writeString(
        manifest,
        "{\"problem_id\":1,\"problem\":\"How many?\",\"data_type\":\"video\",\"problem_type\":\"numerical\","
            + "\"options\":[],\"solution\":\"<answer>1</answer>\",\"path\":\"./clip.mp4\"}\n");
    Path out = dir.resolve("out");
    Path log = dir.resolve("submit.log");
    Process p =
        new ProcessBuilder(
                List.of(
                    LauncherE2EIT.REPO.resolve("deploy/spark-submit.sh").toString(),
                    "--master", "local[2]", "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false",
                    "--conf", "spark.hadoop.fs.s3a.secret.key=" + SECRET,
                    "--", "curate", "--manifest", manifest.toString(), "--media-root", media.toString(), "--out", out.toString(),
                    "--set", "curate.max_frames=8"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "spark-submit timed out");
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("rows_in=1 = rows_out=1 + rows_quarantined=0 + rows_skipped=0 (balanced)"), output);
    assertTrue(Files.readString(out.resolve("_summary.json")).contains("\"max_frames\" : 8"));
    // A credential given the Hadoop way never reaches the output or the log.
    assertTrue(!output.contains(SECRET), "the secret is in the log");
    try (var files = Files.walk(out)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertTrue(!new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(SECRET), "the secret is in " + f);
      }
    }
  }
}
