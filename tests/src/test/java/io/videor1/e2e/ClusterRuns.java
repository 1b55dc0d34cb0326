package io.videor1.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The loopback standalone cluster of deploy/local-cluster.sh and jobs submitted to it with deploy/spark-submit.sh, in
 * client mode: the spark-submit JVM is the driver, so signalling that process signals the driver.
 */
final class ClusterRuns {
  private ClusterRuns() {}

  /**
   * Starts a master on a free port and workers as {@code options} say (deploy/local-cluster.sh's, e.g.
   * {@code --workers 2 --cores 1 --memory 2g}); returns the master URL.
   */
  static String startCluster(Path clusterDir, String... options) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> cmd = new ArrayList<>(List.of(LocalClusterE2EIT.script("local-cluster.sh"), "start"));
    cmd.addAll(List.of(options));
    cmd.addAll(List.of("--port", String.valueOf(port), "--dir", clusterDir.toString()));
    LauncherE2EIT.Run r = exec(clusterDir.getParent(), cmd);
    assertEquals(0, r.exit(), r.output());
    return r.output().strip().lines().reduce((a, b) -> b).orElseThrow();
  }

  /**
   * {@link #startCluster} on a thread of its own, for a class to do its other set-up (a reference run, the shared
   * {@link SmallRuns}) while the master and workers start; {@link LauncherE2EIT#await} gives the master URL.
   */
  static Future<String> startClusterAside(Path clusterDir, String... options) {
    ExecutorService starter = Executors.newSingleThreadExecutor();
    try {
      return starter.submit(() -> startCluster(clusterDir, options));
    } finally {
      starter.shutdown();
    }
  }

  static void stopCluster(Path clusterDir) throws Exception {
    LauncherE2EIT.Run r = exec(clusterDir.getParent(), List.of(LocalClusterE2EIT.script("local-cluster.sh"), "stop",
        "--dir", clusterDir.toString()));
    assertEquals(0, r.exit(), r.output());
  }

  /** SIGKILLs worker {@code i} and the executors it launched (which would otherwise notice only later). */
  static void killWorker(Path clusterDir, int i) throws IOException {
    long pid = Long.parseLong(Files.readString(clusterDir.resolve("pids/worker-" + i + ".pid")).strip());
    ProcessHandle worker = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("worker " + i + " not running"));
    List<ProcessHandle> all = new ArrayList<>(worker.descendants().toList());
    all.add(worker);
    all.forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * Tasks the newest application's executor on worker {@code i} has started so far, from the "Running task" lines of
   * its log (0 before it has one).
   */
  static int tasksStarted(Path clusterDir, int i) {
    try (Stream<Path> apps = Files.list(clusterDir.resolve("work/worker-" + i))) {
      Path app = apps.filter(p -> p.getFileName().toString().startsWith("app-")).max(Comparator.naturalOrder())
          .orElse(null);
      if (app == null) {
        return 0;
      }
      int n = 0;
      try (Stream<Path> logs = Files.find(app, 2, (p, a) -> p.getFileName().toString().equals("stderr"))) {
        for (Path log : logs.toList()) {
          for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
            if (line.contains("Running task ")) {
              n++;
            }
          }
        }
      }
      return n;
    } catch (IOException e) {
      return 0; // the directory is being created
    }
  }

  /** How many workers' work directories hold an executor directory of the newest application. */
  static long workersThatRanTheNewestApp(Path clusterDir) throws IOException {
    try (Stream<Path> s = Files.walk(clusterDir.resolve("work"), 2)) {
      List<Path> apps = s.filter(p -> p.getFileName().toString().startsWith("app-")).toList();
      String newest = apps.stream().map(p -> p.getFileName().toString()).max(Comparator.naturalOrder()).orElseThrow();
      return apps.stream().filter(p -> p.getFileName().toString().equals(newest)).map(Path::getParent).distinct()
          .count();
    }
  }

  /** Runs a command to its end (10 minutes at most), its output logged under {@code dir}. */
  static LauncherE2EIT.Run exec(Path dir, List<String> cmd) throws Exception {
    Path log = Files.createTempFile(dir, "cmd-", ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(cmd + " timed out");
    }
    return new LauncherE2EIT.Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** Submits {@code args} and waits for it to end. */
  static LauncherE2EIT.Run submit(Path dir, String master, List<String> args, String... confs) throws Exception {
    Submission s = launch(dir, master, args, confs);
    if (!s.process().waitFor(10, TimeUnit.MINUTES)) {
      s.kill();
      throw new AssertionError("spark-submit timed out: " + args);
    }
    return new LauncherE2EIT.Run(s.process().exitValue(), s.output());
  }

  /** Submits {@code args} and returns at once. */
  static Submission launch(Path dir, String master, List<String> args, String... confs) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(LocalClusterE2EIT.script("spark-submit.sh"), "--master", master,
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.executor.memory=1g", "--conf",
        "spark.ui.enabled=false"));
    cmd.addAll(List.of(confs));
    cmd.add("--");
    cmd.addAll(args);
    Path log = Files.createTempFile(dir, "submit-", ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new Submission(p, log);
  }

  /** A running submission: its driver process and its output so far. */
  record Submission(Process process, Path log) {
    String output() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void kill() throws InterruptedException {
      process.destroyForcibly(); // SIGKILL on Linux
      process.waitFor(1, TimeUnit.MINUTES);
    }

    /** Sends SIGSTOP or SIGCONT to the driver. */
    void signal(String sig) throws Exception {
      Process k = new ProcessBuilder("kill", "-" + sig, String.valueOf(process.pid())).start();
      assertEquals(0, k.waitFor(), "kill -" + sig);
    }

    /** Waits until {@code done}, failing if the driver exits first or stalls ({@link Stall}). */
    void awaitOrFail(BooleanSupplier done, String what) throws InterruptedException {
      Stall stall = new Stall(log);
      while (!done.getAsBoolean()) {
        if (!process.isAlive()) {
          throw new AssertionError("the driver ended before " + what + ":\n" + output());
        }
        if (stall.stalled()) {
          throw new AssertionError("the driver stalled (5 quiet minutes, or 30 in all) before " + what + ":\n"
              + output());
        }
        Thread.sleep(20);
      }
    }

    /**
     * Polls {@code dir} (about every millisecond) for a new entry named {@code prefix + step} with step at least
     * {@code minStep}, and returns it.
     */
    Path awaitPath(Path dir, String prefix, int minStep) throws InterruptedException {
      Stall stall = new Stall(log);
      while (true) {
        String[] names = dir.toFile().list();
        if (names != null) {
          for (String n : names) {
            if (n.startsWith(prefix) && !SEEN.contains(dir.resolve(n))
                && Integer.parseInt(n.substring(prefix.length(), prefix.length() + 8)) >= minStep) {
              SEEN.add(dir.resolve(n));
              return dir.resolve(n);
            }
          }
        }
        if (!process.isAlive()) {
          throw new AssertionError("the driver ended before " + prefix + " appeared in " + dir + ":\n" + output());
        }
        if (stall.stalled()) {
          throw new AssertionError("the driver stalled (5 quiet minutes, or 30 in all) before " + prefix
              + " appeared in " + dir + ":\n" + output());
        }
        Thread.sleep(0, 500_000);
      }
    }
  }

  /**
   * A wait's limit that counts from the driver's last output rather than from the start: on a loaded machine (CI beside
   * other jobs) a cluster run took more than 5 minutes to reach its second step while making progress all along, and
   * the fixed 5-minute limit failed a run that was only slow. A driver that hangs still fails the wait after 5 quiet
   * minutes, and one that keeps logging without getting anywhere after 30 minutes in all.
   */
  private static final class Stall {
    private static final long QUIET_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final long TOTAL_NANOS = TimeUnit.MINUTES.toNanos(30);
    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private final Path log;
    private final long start = System.nanoTime();
    private long size = -1;
    private long since = start;
    private long checked = start - CHECK_NANOS;

    Stall(Path log) {
      this.log = log;
    }

    /** True once the log has not grown for 5 minutes, or 30 minutes have passed; looks at most every 100 ms. */
    boolean stalled() {
      long now = System.nanoTime();
      if (now - checked < CHECK_NANOS) {
        return false;
      }
      checked = now;
      long current = log.toFile().length();
      if (current != size) {
        size = current;
        since = now;
      }
      return now - since > QUIET_NANOS || now - start > TOTAL_NANOS;
    }
  }

  private static final Set<Path> SEEN = new HashSet<>();
}
