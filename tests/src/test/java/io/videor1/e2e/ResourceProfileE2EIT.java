package io.videor1.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU scheduling the Spark way on a loopback standalone cluster whose worker advertises GPUs (deploy/local-cluster.sh
 * --gpus): with {@code train.task_gpus=1} the rollout-and-gradient stages run under a stage-level resource profile that
 * requires a GPU per task, while loading prompts and writing the ledger run under the default profile, in one
 * application. Read back from Spark's own event log.
 */
class ResourceProfileE2EIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void modelTasksRequireAGpuAndTheRestDoesNot(@TempDir Path dir) throws Exception {
    Path clusterDir = dir.resolve("cluster");
    // The cluster starts while the shared runs are made (when this class is the first to want them).
    Future<String> cluster = ClusterRuns.startClusterAside(clusterDir, "--workers", "1", "--cores", "2", "--memory",
        "3g", "--gpus", "1");
    try {
      SmallRuns small = SmallRuns.get();
      String master = LauncherE2EIT.await(cluster);
      Path events = Files.createDirectories(dir.resolve("events"));
      LauncherE2EIT.Run r = ClusterRuns.exec(dir, List.of(LocalClusterE2EIT.script("spark-submit.sh"), "--master",
          master, "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.executor.memory=2g", "--conf",
          "spark.executor.resource.gpu.amount=1", "--conf", "spark.executor.resource.gpu.discoveryScript="
              + LocalClusterE2EIT.script("gpu-discovery.sh"),
          "--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + events.toUri(),
          "--conf", "spark.eventLog.rolling.enabled=false", "--conf", "spark.eventLog.compress=false", "--", "train",
          "--frames", small.frames().toString(), "--model", small.sftModel().toString(), "--out",
          dir.resolve("run").toString(), "--preset", "tiny", "--set", "train.steps=2", "--set",
          "train.prompts_per_step=2", "--set", "train.num_generations=2", "--set", "train.max_new_tokens=8",
          "--set", "train.task_gpus=1", "--set", "exec.require_gpu=false")); // the worker's GPUs are made up
      assertEquals(0, r.exit(), r.output());
      assertTrue(r.output().contains("resources: model tasks need 1.0 GPU and 1 CPU each"), r.output());

      List<JsonNode> log = new ArrayList<>();
      try (Stream<Path> s = Files.list(events)) {
        for (Path f : s.toList()) {
          for (String line : Files.readAllLines(f)) {
            log.add(JSON.readTree(line));
          }
        }
      }
      int gpuProfile = -1;
      for (JsonNode e : log) {
        if (e.path("Event").asText().equals("SparkListenerResourceProfileAdded")
            && e.path("Task Resource Requests").has("gpu")) {
          assertEquals(1.0, e.path("Task Resource Requests").path("gpu").path("Amount").asDouble());
          gpuProfile = e.path("Resource Profile Id").asInt();
        }
      }
      assertTrue(gpuProfile > 0, "a GPU task profile was registered");
      Map<Integer, String> stageJob = new HashMap<>();
      Map<Integer, Integer> stageProfile = new HashMap<>();
      for (JsonNode e : log) {
        if (e.path("Event").asText().equals("SparkListenerStageSubmitted")) {
          int id = e.path("Stage Info").path("Stage ID").asInt();
          stageProfile.put(id, e.path("Stage Info").path("Resource Profile Id").asInt());
          stageJob.put(id, e.path("Properties").path("spark.job.description").asText(""));
        }
      }
      List<Integer> model = stageJob.keySet().stream().filter(id -> stageJob.get(id).startsWith("train step"))
          .toList();
      assertEquals(2, model.size(), "one rollout stage per step: " + stageJob);
      for (int id : model) {
        assertEquals(gpuProfile, stageProfile.get(id), "stage " + id + " " + stageJob.get(id));
      }
      List<Integer> other = stageJob.keySet().stream().filter(id -> !model.contains(id)).toList();
      assertFalse(other.isEmpty());
      for (int id : other) {
        assertEquals(0, stageProfile.get(id), "default profile for stage " + id + " " + stageJob.get(id));
      }
      int gpuTasks = 0;
      for (JsonNode e : log) {
        if (e.path("Event").asText().equals("SparkListenerTaskEnd") && model.contains(e.path("Stage ID").asInt())) {
          assertEquals("Success", e.path("Task End Reason").path("Reason").asText());
          gpuTasks++;
        }
      }
      assertTrue(gpuTasks >= 2, "model tasks ran on the GPU executor: " + gpuTasks);
    } finally {
      try {
        LauncherE2EIT.await(cluster); // started (or failed) before it is stopped
      } finally {
        ClusterRuns.stopCluster(clusterDir);
      }
    }
  }
}
