package io.videor1.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * T-GRPO on a real Spark standalone cluster (a master and two workers on 127.0.0.1 from the project's Maven jars),
 * submitted with deploy/spark-submit.sh as a cluster user would, against the same run in local mode: same seeds, same
 * ledger rows, same metrics and the same weights, with the faults a cluster meets, each run ending where the
 * uninterrupted local run ends. The worker-kill test runs last, since it leaves the cluster one worker short.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTrainE2EIT {
  /** Planted as a Hadoop credential on a cluster run; must reach neither the log nor any file of the run. */
  private static final String SECRET = "PLANTED-train-secret-81d3";
  /**
   * Steps of every run: 3 leaves each fault room to happen mid-run (a checkpoint write to catch at step 2 or 3 with a
   * whole one before it, a step after the one a worker is killed in), and each step more costs every run here.
   */
  static final int STEPS = 3;

  @TempDir static Path dir;
  static SmallRuns small;
  static String master;
  static Path reference;

  @BeforeAll
  static void referenceRunAndCluster() throws Exception {
    small = SmallRuns.get();
    reference = dir.resolve("local");
    // The cluster starts (JVMs that mostly wait) while the reference run trains.
    Future<String> cluster = ClusterRuns.startClusterAside(dir.resolve("cluster"), "--workers", "2", "--cores", "1",
        "--memory", "2g");
    LauncherE2EIT.Run r = LauncherE2EIT.videor1(dir, train(reference).toArray(String[]::new));
    master = LauncherE2EIT.await(cluster);
    assertEquals(0, r.exit(), r.output());
  }

  @AfterAll
  static void stopCluster() throws Exception {
    ClusterRuns.stopCluster(dir.resolve("cluster"));
  }

  /**
   * Engine threads per model task, pinned in both runs: the local-mode driver would otherwise run its tasks with one
   * thread per core and Spark's executors with OMP_NUM_THREADS = spark.task.cpus, and on some CPUs (a Xeon with AMX)
   * the two counts round backward passes differently. 2 differs from what either would inherit here (executors: 1).
   */
  static final int THREADS = 2;

  /** The run's arguments: STEPS steps of 4 prompts × (2 + 1) completions, a checkpoint every step, 2 tasks per step. */
  static List<String> train(Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of("train", "--frames", small.frames().toString(), "--model",
        small.sftModel().toString(), "--out", out.toString(), "--preset", "tiny", "--set", "train.steps=" + STEPS,
        "--set", "train.prompts_per_step=4", "--set", "train.num_generations=2", "--set", "train.max_new_tokens=40",
        "--set", "train.temperature=1.0", "--set", "train.checkpoint_every=1", "--set", "train.checkpoint_keep=0",
        "--set", "train.partitions=2", "--set", "exec.threads=" + THREADS));
    a.addAll(List.of(extra));
    return a;
  }

  /**
   * The two driver faults, one after the other on one output directory, each resumed from what the kill before it
   * left: SIGKILL while a checkpoint is being written (the previous checkpoint stays the newest whole one and the cut
   * one is not put in place), then SIGKILL of the resumed driver mid-run while its executors run a step's tasks; the
   * second resume ends where the uninterrupted run ends. (Chained, so that the steps before each kill are not run on a
   * fresh output once more: three submissions instead of four.)
   */
  @Test
  @Order(1)
  void driverKilledDuringACheckpointWriteThenMidRunResumesToTheSameEnd() throws Exception {
    Path out = dir.resolve("driver-killed");
    Path cluster = dir.resolve("cluster");
    ClusterRuns.Submission s = ClusterRuns.launch(dir, master, train(out));
    // Freeze the driver (SIGSTOP) the moment a checkpoint directory appears under its temporary name; if it had
    // already finished writing, let it go on (SIGCONT) and try the next step's checkpoint.
    int caughtAt = -1;
    Path checkpoints = out.resolve("checkpoints");
    while (caughtAt < 0) {
      Path tmp = s.awaitPath(checkpoints, "_tmp-step-", 2);
      s.signal("STOP");
      if (Files.exists(tmp) && !Files.exists(tmp.resolve("_COMPLETE"))) {
        caughtAt = Integer.parseInt(tmp.getFileName().toString().substring("_tmp-step-".length(), 18));
        s.kill();
      } else {
        s.signal("CONT");
      }
    }
    assertTrue(caughtAt >= 2 && caughtAt <= STEPS, "caught the write of checkpoint " + caughtAt);
    int previous = caughtAt - 1;
    assertTrue(Files.exists(checkpoints.resolve(String.format("step-%08d/_COMPLETE", previous))),
        "the previous checkpoint is whole");
    assertFalse(Files.exists(checkpoints.resolve(String.format("step-%08d", caughtAt))), "the cut one is not in place");
    assertFalse(Files.exists(out.resolve("model")), "the run was cut short");

    // Resume, and SIGKILL the resumed driver once its executors run a task of its first step (step caughtAt): the
    // resume line comes after the data is loaded, so the next task an executor of this application starts is a
    // rollout task.
    ClusterRuns.Submission resumed = ClusterRuns.launch(dir, master, train(out, "--resume"));
    resumed.awaitOrFail(() -> resumed.output().contains("resume: from checkpoint step "), "the resume");
    int before = ClusterRuns.tasksStarted(cluster, 1) + ClusterRuns.tasksStarted(cluster, 2);
    resumed.awaitOrFail(() -> ClusterRuns.tasksStarted(cluster, 1) + ClusterRuns.tasksStarted(cluster, 2) > before,
        "a rollout task of the resumed run");
    resumed.kill(); // SIGKILL: no shutdown hook, no clean-up, the application dies with it
    assertTrue(resumed.output().contains("resume: from checkpoint step " + previous + " of "), resumed.output());
    assertFalse(Files.exists(out.resolve("model")), "the resumed run was cut short");
    int newest = newestWholeCheckpoint(checkpoints);
    assertEquals(previous, newest, "the resumed run was killed in its first step, before its checkpoint");

    LauncherE2EIT.Run last = ClusterRuns.submit(dir, master, train(out, "--resume"));
    assertEquals(0, last.exit(), last.output());
    assertTrue(last.output().contains("resume: from checkpoint step " + newest + " of "), last.output());
    RunOutputs.assertSameRun(reference, out);
  }

  /** The highest step whose checkpoint directory is in place and marked complete. */
  private static int newestWholeCheckpoint(Path checkpoints) throws Exception {
    try (var s = Files.list(checkpoints)) {
      return s.filter(p -> p.getFileName().toString().startsWith("step-") && Files.exists(p.resolve("_COMPLETE")))
          .mapToInt(p -> Integer.parseInt(p.getFileName().toString().substring("step-".length()))).max().orElse(0);
    }
  }

  @Test
  @Order(2)
  void aBadSampleIsRecordedAsFailedAndTheStepGoesOn() throws Exception {
    Path frames = dir.resolve("frames-with-a-bad-record");
    String bad = BadFrames.copyWithEmptiedRecord(small.frames(), frames, 4);
    Path out = dir.resolve("bad-sample");
    List<String> args = new ArrayList<>(train(out));
    args.set(args.indexOf("--frames") + 1, frames.toString());
    args.addAll(List.of("--set", "train.steps=2"));
    LauncherE2EIT.Run r = ClusterRuns.submit(dir, master, args);
    assertEquals(0, r.exit(), r.output());
    List<Map<String, Object>> failed = RunOutputs.ledgerRows(out).stream().filter(m -> m.get("failure") != null)
        .toList();
    assertEquals(2, failed.size(), "the bad record, once per step (4 prompts of 4 each step): " + failed);
    for (Map<String, Object> row : failed) {
      String why = (String) row.get("failure");
      assertTrue(why.contains(bad) && why.contains("frames decode to nothing"), why);
    }
    List<Map<String, Object>> ok = RunOutputs.ledgerRows(out).stream().filter(m -> m.get("failure") == null).toList();
    assertEquals(2 * 3 * (2 + 1), ok.size(), "the 3 good prompts of each step were rolled out and scored");
    for (Map<String, Object> m : RunOutputs.metrics(out)) {
      assertEquals(1, ((Number) m.get("failed_prompts")).intValue());
      assertEquals(3, ((Number) m.get("groups")).intValue());
    }
  }

  /**
   * The run on the cluster equals the local-mode run (same ledger rows, metrics and weights), with the engine threads
   * pinned on the executors, on both workers, and a credential given the Hadoop way in neither its log nor its files;
   * and a worker killed during rollouts costs only its tasks. One run for both: its first step runs on both workers
   * as any step of a run without faults does (and the chained driver-fault runs, each ending equal to the local run,
   * run every step on both), so a run without faults would only repeat those checks.
   */
  @Test
  @Order(3)
  void trainOnTheClusterEqualsLocalModeAndAWorkerKilledDuringRolloutsCostsOnlyItsTasks() throws Exception {
    Path out = dir.resolve("worker-killed");
    Path events = Files.createDirectories(dir.resolve("events"));
    ClusterRuns.Submission s = ClusterRuns.launch(dir, master, train(out),
        "--conf", "spark.hadoop.fs.s3a.secret.key=" + SECRET, "--conf", "spark.eventLog.enabled=true",
        "--conf", "spark.eventLog.dir=" + events.toUri(), "--conf", "spark.eventLog.rolling.enabled=false",
        "--conf", "spark.eventLog.compress=false"); // one plain JSON-lines file (Spark 4 rolls and compresses)
    // Once step 1's line is out, the next task worker 2's executor starts is a rollout task of step 2 (2 tasks, one
    // per executor): kill the worker and its executor while that task runs.
    s.awaitOrFail(() -> s.output().contains("train: step 1/" + STEPS), "step 1");
    int before = ClusterRuns.tasksStarted(dir.resolve("cluster"), 2);
    s.awaitOrFail(() -> ClusterRuns.tasksStarted(dir.resolve("cluster"), 2) > before, "a rollout task on worker 2");
    ClusterRuns.killWorker(dir.resolve("cluster"), 2);
    assertTrue(s.process().waitFor(8, TimeUnit.MINUTES), "the run finishes on the remaining worker");
    assertEquals(0, s.process().exitValue(), s.output());
    assertTrue(s.output().contains("train: step " + STEPS + "/" + STEPS), s.output());
    RunOutputs.assertSameRun(reference, out);
    // The executors ran the count pinned, read back from the engine on their task threads (the metrics are equal).
    for (Map<String, Object> m : RunOutputs.metrics(out)) {
      assertEquals(THREADS, ((Number) m.get("exec_threads")).intValue(), m.toString());
    }
    // Both workers ran executors for it (worker 2 until the kill).
    assertEquals(2, ClusterRuns.workersThatRanTheNewestApp(dir.resolve("cluster")));
    assertFalse(s.output().contains(SECRET), "the secret is in the log");
    RunOutputs.assertNoFileContains(out, SECRET);
    EventLog.Tasks tasks = EventLog.tasks(events);
    assertTrue(tasks.lost() > 0, "the kill hit running tasks: " + tasks);
    tasks.assertOnlyLostTasksRanAgain();
  }
}
