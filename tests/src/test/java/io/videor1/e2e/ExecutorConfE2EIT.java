package io.videor1.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.videor1.ml.TGrpoModel;
import io.videor1.train.data.TrainData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every executor task gets from the application, on one loopback standalone cluster (a worker with 2 cores and
 * 2 GPU addresses from deploy/gpu-discovery.sh, {@code spark.task.resource.gpu.amount=1}):
 *
 * <ul>
 *   <li>the driver's Hadoop configuration: every input lives on {@code vrloop://}, a FileSystem that exists only
 *       through {@code spark.hadoop.fs.vrloop.impl} and a jar given with {@code --jars}; curation, SFT, T-GRPO,
 *       evaluation and the MLlib model read media, frames and models through it, and the FileSystem's own log shows
 *       executor processes (not the driver) opening them;
 *   <li>its own GPU: tasks running side by side were given different addresses and each would open the device its
 *       address names (the machine has no CUDA, so they fall back to the CPU and say so).
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExecutorConfE2EIT {
  private static final Pattern DEVICE = Pattern.compile(
      "device: stage (\\d+) partition (\\d+) \\(TID \\d+, attempt \\d+\\) gpu address (\\S+) -> (\\S+)(.*)");

  /** The worker's GPU addresses are made up (no CUDA here): tasks fall back to the CPU only when told to. */
  private static final String NO_GPU = "exec.require_gpu=false";

  @TempDir static Path dir;
  static SmallRuns small;
  static String master;
  static Path fsJar;
  static Path opens;
  static Path executorTmp;

  @BeforeAll
  static void cluster() throws Exception {
    // The cluster starts while the shared runs are made (when this class is the first to want them).
    Future<String> cluster = ClusterRuns.startClusterAside(dir.resolve("cluster"), "--workers", "1", "--cores", "2",
        "--memory", "3g", "--gpus", "2");
    try {
      small = SmallRuns.get();
      fsJar = jarOf(LoopbackFileSystem.class, dir.resolve("vrloop-fs.jar"));
      opens = dir.resolve("opens.log");
      executorTmp = Files.createDirectories(dir.resolve("executor-tmp"));
    } finally {
      master = LauncherE2EIT.await(cluster); // started (or failed) before @AfterAll stops it
    }
  }

  @AfterAll
  static void stop() throws Exception {
    ClusterRuns.stopCluster(dir.resolve("cluster"));
  }

  /** The spark-submit options every job here gets: the FileSystem and two GPUs, one per task. */
  static String[] confs() {
    return new String[] {"--jars", fsJar.toString(),
        "--conf", "spark.hadoop.fs." + LoopbackFileSystem.SCHEME + ".impl=" + LoopbackFileSystem.class.getName(),
        "--conf", "spark.hadoop.vrloop.open.log=" + opens,
        "--conf", "spark.executor.memory=2g", "--conf", "spark.executor.resource.gpu.amount=2",
        "--conf", "spark.executor.resource.gpu.discoveryScript=" + LocalClusterE2EIT.script("gpu-discovery.sh"),
        "--conf", "spark.task.resource.gpu.amount=1",
        // Executors get a temporary directory of their own, as on another machine: the driver copies remote models
        // into java.io.tmpdir too, and a shared one would let executors skip reading them.
        "--conf", "spark.executorEnv.JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=" + executorTmp};
  }

  static String loop(Path p) {
    return LoopbackFileSystem.SCHEME + "://" + p.toAbsolutePath();
  }

  @Test
  @Order(1)
  void curationSftTrainingAndEvalReadThroughTheDriversFileSystems() throws Exception {
    Path data = small.data();
    // Six of the training records (two curation tasks) keep the run short; their media stay where they are.
    ObjectMapper json = new ObjectMapper();
    ArrayNode six = json.createArrayNode();
    json.readTree(data.resolve("train.json").toFile()).elements().forEachRemaining(n -> {
      if (six.size() < 6) {
        six.add(n);
      }
    });
    Path manifest = dir.resolve("train6.json");
    json.writeValue(manifest.toFile(), six);
    ok("curate", "--manifest", loop(manifest), "--media-root", loop(data), "--out", loop(dir.resolve("frames")),
        "--preset", "demo");
    assertExecutorsOpened(data.resolve("train"), "curation decoded the media");

    Path start = copyOf(small.sftModel(), dir.resolve("start"));
    ok("sft", "--frames", loop(dir.resolve("frames")), "--cot", loop(data.resolve("train_cot.json")), "--model",
        loop(start), "--out", loop(dir.resolve("sft")), "--preset", "tiny", "--set", NO_GPU, "--set", "sft.steps=1",
        "--set", "sft.warmup_steps=0", "--set", "sft.batch_size=4", "--set", "sft.partitions=2");
    assertExecutorsOpened(dir.resolve("frames"), "SFT tasks read frames");
    assertExecutorsOpened(start, "SFT tasks loaded the starting model");

    ok("train", "--frames", loop(dir.resolve("frames")), "--model", loop(dir.resolve("sft/model")), "--out",
        loop(dir.resolve("run")), "--preset", "tiny", "--set", NO_GPU, "--set", "train.steps=1", "--set",
        "train.prompts_per_step=2",
        "--set", "train.num_generations=2", "--set", "train.max_new_tokens=8", "--set", "train.partitions=2");
    assertExecutorsOpened(dir.resolve("sft/model"), "rollout tasks loaded the policy and reference");
    List<Map<String, Object>> ledger = RunOutputs.ledgerRows(dir.resolve("run"));
    assertEquals(2 * 3, ledger.size(), "2 prompts x (2 + 1) completions");
    assertTrue(ledger.stream().allMatch(m -> m.get("failure") == null), "no prompt failed to read its frames");

    ok("eval", "--bench", loop(data.resolve("test.json")), "--media-root", loop(data), "--model",
        loop(dir.resolve("run/model")), "--out", loop(dir.resolve("eval")), "--set", NO_GPU, "--set",
        "eval.max_new_tokens=8");
    assertExecutorsOpened(dir.resolve("run/model"), "eval tasks loaded the model");
    assertTrue(Files.exists(dir.resolve("eval/summary.json")));
  }

  @Test
  @Order(2)
  void theMllibModelReadsItsCheckpointThroughTheDriversFileSystems() throws Exception {
    Path app = Files.list(LauncherE2EIT.REPO.resolve("spark-jobs/target"))
        .filter(p -> p.getFileName().toString().endsWith("-app.jar")).findFirst().orElseThrow();
    String[] c = confs();
    SparkSession.Builder b = SparkSession.builder().master(master).appName("mllib-through-vrloop");
    for (int i = 0; i < c.length; i += 2) {
      if (c[i].equals("--conf")) {
        b.config(c[i + 1].substring(0, c[i + 1].indexOf('=')), c[i + 1].substring(c[i + 1].indexOf('=') + 1));
      }
    }
    SparkSession spark = b
        .config("spark.jars", app + "," + fsJar)
        .config("spark.executor.extraJavaOptions", "-Dai.djl.offline=true "
            + "-Dorg.bytedeco.javacpp.cachedir=/tmp/videor1-javacpp -DDJL_CACHE_DIR=/tmp/videor1-djl")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      String frames = TrainData.framesVersion(spark, loop(dir.resolve("frames"))).toString();
      Path model = copyOf(small.tgrpo().resolve("model"), dir.resolve("tgrpo-model"));
      List<Row> rows = new TGrpoModel().setModelPath(loop(model)).setPromptStyle("short").setMaxNewTokens(4)
          .setRequireGpu(false)
          .transform(spark.read().parquet(frames).limit(2)).select("row_key", "output").collectAsList();
      assertEquals(2, rows.size());
      assertExecutorsOpened(model, "the MLlib model's tasks loaded its checkpoint");
    } finally {
      spark.stop();
    }
  }

  @Test
  @Order(3)
  void tasksSideBySideGetTheirOwnGpu() throws Exception {
    // (app, stage) -> address -> the device line of each task.
    Map<String, Map<String, String>> byStage = new TreeMap<>();
    try (Stream<Path> logs = Files.find(dir.resolve("cluster/work"), 4, // worker-N/app-ID/EXEC/stderr
        (p, a) -> p.getFileName().toString().equals("stderr"))) {
      for (Path log : logs.toList()) {
        for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
          Matcher m = DEVICE.matcher(line);
          if (m.find()) {
            String address = m.group(3);
            assertTrue(m.group(5).contains("would open gpu(" + address + ")"), "address " + address + ": " + line);
            assertEquals("cpu()", m.group(4), "no CUDA here: the engine's default: " + line);
            byStage.computeIfAbsent(log.getParent().getParent() + " stage " + m.group(1), k -> new TreeMap<>())
                .put(m.group(2) + "@" + address, line);
          }
        }
      }
    }
    assertTrue(!byStage.isEmpty(), "model tasks logged their device");
    int sideBySide = 0;
    for (Map<String, String> tasks : byStage.values()) {
      Set<String> addresses = new TreeSet<>();
      tasks.keySet().forEach(k -> addresses.add(k.substring(k.indexOf('@') + 1)));
      assertTrue(Set.of("0", "1").containsAll(addresses), "only the worker's two addresses: " + tasks);
      if (tasks.size() == 2 && addresses.size() == 2) {
        sideBySide++;
      }
    }
    assertTrue(sideBySide > 0, "some stage ran two tasks on GPUs 0 and 1: " + byStage);
  }

  @Test
  @Order(4)
  void aGpuTheEngineCannotOpenStopsTheRunUnlessToldOtherwise() throws Exception {
    LauncherE2EIT.Run r = ClusterRuns.submit(dir, master, List.of("train", "--frames", loop(dir.resolve("frames")),
        "--model", loop(dir.resolve("sft/model")), "--out", loop(dir.resolve("run-gpu")), "--preset", "tiny", "--set",
        "train.steps=1", "--set", "train.prompts_per_step=2", "--set", "train.num_generations=2"), confs());
    assertNotEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("exec.require_gpu: Spark assigned GPU address ")
        && r.output().contains("sees 0 GPU(s) and cannot open gpu(") && r.output().contains("failed 4 times"),
        "each attempt refused the made-up GPU, then the run stopped: " + r.output());
  }

  private static void ok(String... args) throws Exception {
    List<String> a = new ArrayList<>(List.of(args));
    LauncherE2EIT.Run r = ClusterRuns.submit(dir, master, a, confs());
    assertEquals(0, r.exit(), String.join(" ", args) + "\n" + r.output());
  }

  /** Asserts that an executor process opened a file under {@code under} through vrloop://. */
  private static void assertExecutorsOpened(Path under, String what) throws IOException {
    String prefix = under.toAbsolutePath().toString();
    List<String> lines = Files.readAllLines(opens);
    boolean seen = false;
    for (String l : lines) {
      String[] f = l.split("\t", 2);
      seen |= f[1].startsWith(prefix) && isExecutor(Long.parseLong(f[0]));
    }
    assertTrue(seen, what + ": no executor opened anything under " + prefix + " (" + lines.size() + " opens)");
  }

  /** Whether {@code pid} was a Spark executor: its command line is recorded in the worker's work directory. */
  private static boolean isExecutor(long pid) throws IOException {
    return EXECUTOR_PIDS.contains(pid) || refreshExecutorPids().contains(pid);
  }

  private static final Set<Long> EXECUTOR_PIDS = new TreeSet<>();

  private static Set<Long> refreshExecutorPids() throws IOException {
    // Executors log "Started daemon with process name: PID@host" first thing (SignalUtils / Executor start).
    Pattern started = Pattern.compile("process name: (\\d+)@");
    try (Stream<Path> logs = Files.find(dir.resolve("cluster/work"), 4, // worker-N/app-ID/EXEC/stderr
        (p, a) -> p.getFileName().toString().equals("stderr"))) {
      for (Path log : logs.toList()) {
        for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
          Matcher m = started.matcher(line);
          if (m.find()) {
            EXECUTOR_PIDS.add(Long.parseLong(m.group(1)));
          }
        }
      }
    }
    return EXECUTOR_PIDS;
  }

  /**
   * A copy of checkpoint {@code src} at a path no JVM has read before: executors keep remote models in a per-path
   * cache under java.io.tmpdir across applications, which would hide a second read of the same path.
   */
  static Path copyOf(Path src, Path dst) throws IOException {
    Files.createDirectories(dst);
    try (Stream<Path> files = Files.list(src)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, dst.resolve(f.getFileName()));
      }
    }
    return dst;
  }

  /** A jar holding only {@code c}'s class file (it has no nested classes), as a user ships a connector. */
  static Path jarOf(Class<?> c, Path jar) throws Exception {
    String entry = c.getName().replace('.', '/') + ".class";
    Path classFile = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve(entry);
    try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o)) {
      j.putNextEntry(new JarEntry(entry));
      j.write(Files.readAllBytes(classFile));
      j.closeEntry();
    }
    return jar;
  }
}
