package io.videor1.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.curate.FramesReader;
import io.videor1.testing.SharedData;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on 127.0.0.1 (a master and two workers started from the project's Maven jars by
 * deploy/local-cluster.sh), driven by deploy/spark-submit.sh as a cluster user would, against the same job in local
 * mode: same seeds and inputs give the same rows.
 */
class LocalClusterE2EIT {
  @TempDir static Path dir;
  static String master;
  static String manifest;
  /** The same curation in local mode, run while the cluster starts and curates. */
  static Future<LauncherE2EIT.Run> local;

  @BeforeAll
  static void startCluster() throws Exception {
    Path testdata = SharedData.testdata();
    Path media = Files.createDirectories(dir.resolve("media/DataFlow-MM/dataflow/example/video_cot_qa"));
    try (Stream<Path> s = Files.list(testdata.resolve("videor1/media"))) {
      for (Path f : s.toList()) {
        Files.createSymbolicLink(media.resolve(f.getFileName()), f);
      }
    }
    manifest = testdata.resolve("videor1/schema/dataflow_mm_video_cot_qa_sample_data.json").toString();
    ExecutorService side = Executors.newSingleThreadExecutor();
    local = side.submit(() -> LauncherE2EIT.videor1(dir, "curate", "--manifest", manifest, "--media-root",
        dir.resolve("media").toString(), "--out", dir.resolve("local").toString()));
    side.shutdown();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    LauncherE2EIT.Run r = run(List.of(script("local-cluster.sh"), "start", "--workers", "2", "--cores", "1",
        "--memory", "2g", "--port", String.valueOf(port), "--dir", dir.resolve("cluster").toString()));
    assertEquals(0, r.exit(), r.output());
    master = r.output().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertEquals("spark://127.0.0.1:" + port, master);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    LauncherE2EIT.Run r = run(List.of(script("local-cluster.sh"), "stop", "--dir", dir.resolve("cluster").toString()));
    assertEquals(0, r.exit(), r.output());
  }

  @Test
  void curationOnTheClusterEqualsLocalMode() throws Exception {
    String root = dir.resolve("media").toString();
    Path clusterOut = dir.resolve("on-cluster");
    LauncherE2EIT.Run c = run(List.of(script("spark-submit.sh"), "--master", master, "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.executor.memory=1g", "--", "curate", "--manifest", manifest, "--media-root", root,
        "--out", clusterOut.toString(), "--set", "curate.media_per_task=1"));
    assertEquals(0, c.exit(), c.output());
    assertTrue(c.output().contains("rows_in=5 = rows_out=5"), c.output());
    Path localOut = dir.resolve("local");
    LauncherE2EIT.Run l = local.get();
    assertEquals(0, l.exit(), l.output());
    Map<String, String> onCluster = frameDigests(clusterOut);
    assertEquals(5, onCluster.size());
    assertEquals(frameDigests(localOut), onCluster, "same row keys, same pixels");
    // Both workers ran executors for this application.
    try (Stream<Path> s = Files.walk(dir.resolve("cluster/work"), 2)) {
      assertEquals(2, s.filter(p -> p.getFileName().toString().startsWith("app-")).map(p -> p.getParent()).distinct().count());
    }
  }

  /** row_key → SHA-256 of the record's stored frames. */
  static Map<String, String> frameDigests(Path out) throws Exception {
    Map<String, String> m = new TreeMap<>();
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    for (org.apache.hadoop.fs.Path part : FramesReader.files(new org.apache.hadoop.fs.Path(out.resolve("frames").toString()), conf)) {
      try (FramesReader r = FramesReader.open(part, conf)) {
        for (FramesReader.Frames f = r.next(); f != null; f = r.next()) {
          MessageDigest md = MessageDigest.getInstance("SHA-256");
          f.rgb().forEach(b -> md.update(b.duplicate()));
          m.put(f.rowKey(), HexFormat.of().formatHex(md.digest()));
        }
      }
    }
    return m;
  }

  static String script(String name) {
    return LauncherE2EIT.REPO.resolve("deploy").resolve(name).toString();
  }

  static LauncherE2EIT.Run run(List<String> cmd) throws Exception {
    return ClusterRuns.exec(dir, cmd);
  }
}
