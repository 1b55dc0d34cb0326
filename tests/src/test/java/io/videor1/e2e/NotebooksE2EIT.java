package io.videor1.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook in {@code notebooks/} executed headless ({@code jupyter nbconvert --execute --to html}, Debian's
 * Jupyter, pandas and matplotlib) on two real runs made in this build: each must run clean on the T-GRPO run and on the
 * GRPO run, keep its plots as inlined images, and fail when the run's records disagree, because the notebooks assert
 * what they compute.
 */
class NotebooksE2EIT {
  private static final Path NOTEBOOKS = LauncherE2EIT.REPO.resolve("notebooks");
  private static final Pattern PNG = Pattern.compile("<img[^>]*src=\"data:image/png;base64,");

  @Test
  void everyNotebookRunsOnTGrpoAndOnGrpo(@TempDir Path dir) throws Exception {
    SmallRuns runs = SmallRuns.get();
    List<Path> notebooks = notebooks();
    assertTrue(notebooks.size() >= 4, "reward distributions, temporal signal, lengths and advantages, comparison");
    // Every notebook in one nbconvert per run (one Python start-up instead of one per notebook; each notebook still
    // runs in a kernel of its own, and nbconvert stops at the first that fails, naming it in its log), the two runs'
    // side by side (the kernels are single-threaded Python).
    Map<Path, Future<Result>> results = new LinkedHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    for (Path run : List.of(runs.tgrpo(), runs.grpo())) {
      Path other = run.equals(runs.tgrpo()) ? runs.grpo() : runs.tgrpo();
      results.put(run, pool.submit(() -> execute(notebooks, dir.resolve(run.getFileName().toString()), run, other)));
    }
    pool.shutdown();
    for (Map.Entry<Path, Future<Result>> e : results.entrySet()) {
      Path run = e.getKey();
      Path out = dir.resolve(run.getFileName().toString());
      Result r = e.getValue().get();
      assertEquals(0, r.exit(), "the notebooks on " + run + "\n" + r.output());
      for (Path nb : notebooks) {
        String html = Files.readString(html(out, nb), StandardCharsets.UTF_8);
        assertTrue(images(html) >= 1, nb.getFileName() + " keeps its plots as images: " + images(html));
        assertTrue(!html.contains("Traceback"), nb.getFileName() + " executed without an error cell");
      }
    }
  }

  @Test
  void aNotebookFailsWhenTheLedgerDisagreesWithTheMetrics(@TempDir Path dir) throws Exception {
    SmallRuns runs = SmallRuns.get();
    Path copy = dir.resolve("run");
    copyTree(runs.tgrpo(), copy);
    // One logged accuracy moved by 0.5: what the ledger's rows give no longer matches metrics.jsonl.
    Path metrics = copy.resolve("metrics.jsonl");
    List<String> lines = Files.readAllLines(metrics);
    Matcher m = Pattern.compile("\"accuracy\":([0-9.Ee-]+)").matcher(lines.get(0));
    assertTrue(m.find(), lines.get(0));
    double tampered = Double.parseDouble(m.group(1)) + 0.5;
    lines.set(0, m.replaceFirst("\"accuracy\":" + tampered));
    Files.write(metrics, lines);
    Result r = execute(List.of(NOTEBOOKS.resolve("01_reward_distributions.ipynb")), dir.resolve("out"), copy,
        runs.grpo());
    assertTrue(r.exit() != 0, "the notebook must fail: " + r.output());
    assertTrue(r.output().contains("metrics 'accuracy'"), r.output());
  }

  private record Result(int exit, String output) {}

  /** Executes {@code notebooks} in one {@code jupyter nbconvert}, each to OUT_DIR/NAME.html. */
  private static Result execute(List<Path> notebooks, Path outDir, Path run, Path compare) throws Exception {
    Files.createDirectories(outDir);
    List<String> cmd = new ArrayList<>(List.of("jupyter", "nbconvert", "--to", "html", "--execute",
        "--ExecutePreprocessor.timeout=300", "--output-dir", outDir.toString()));
    notebooks.forEach(nb -> cmd.add(nb.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Path log = Files.createTempFile(outDir, "nbconvert-", ".log");
    pb.redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("VIDEOR1_RUN", run.toString());
    env.put("VIDEOR1_COMPARE", compare.toString());
    env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1"); // quiets the debugger's frozen-modules warning
    Process p = pb.start();
    if (!p.waitFor(6L * notebooks.size(), TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("nbconvert timed out on " + notebooks);
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** Where {@link #execute} writes {@code notebook}'s HTML. */
  private static Path html(Path outDir, Path notebook) {
    return outDir.resolve(notebook.getFileName().toString().replace(".ipynb", ".html"));
  }

  private static int images(String html) {
    int n = 0;
    for (Matcher m = PNG.matcher(html); m.find(); ) {
      n++;
    }
    return n;
  }

  private static List<Path> notebooks() throws Exception {
    try (Stream<Path> s = Files.list(NOTEBOOKS)) {
      return s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
    }
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
        Path dst = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dst);
        } else {
          Files.copy(p, dst);
        }
      }
    }
  }
}
