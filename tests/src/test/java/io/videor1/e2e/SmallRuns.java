package io.videor1.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Two small real training runs made once per test JVM with {@code bin/videor1} (synth → curate → sft → train), one
 * with the temporal objective (T-GRPO) and one without (GRPO), for the tests that read run output: the report and the
 * notebooks. Same data, model and seeds; only {@code train.temporal} differs.
 */
public final class SmallRuns {
  /** Steps of each run. */
  public static final int STEPS = 6;
  /** Prompts per step and completions per prompt on ordered frames (G/2 more on shuffled frames under T-GRPO). */
  public static final int PROMPTS = 4;
  public static final int GENERATIONS = 4;

  private static SmallRuns runs;
  private final Path tgrpo;
  private final Path grpo;

  private SmallRuns(Path tgrpo, Path grpo) {
    this.tgrpo = tgrpo;
    this.grpo = grpo;
  }

  /** The runs' directories, made on first use under {@code target/small-runs}. */
  public static synchronized SmallRuns get() {
    if (runs == null) {
      try {
        runs = make(Path.of("target/small-runs").toAbsolutePath());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return runs;
  }

  public Path tgrpo() {
    return tgrpo;
  }

  public Path grpo() {
    return grpo;
  }

  /** The curated training frames both runs read. */
  public Path frames() {
    return tgrpo.resolveSibling("frames");
  }

  /** The SFT checkpoint both runs start from. */
  public Path sftModel() {
    return tgrpo.resolveSibling("sft").resolve("model");
  }

  /** The synthetic dataset (train.json, test.json, media) the frames were curated from. */
  public Path data() {
    return tgrpo.resolveSibling("data");
  }

  private static SmallRuns make(Path dir) throws Exception {
    // -Dvideor1.smallruns.reuse=true keeps runs a previous test JVM finished (for iterating on one test by hand;
    // never in CI, where target/ starts empty and the runs must come from this build).
    if (Boolean.getBoolean("videor1.smallruns.reuse") && Files.exists(dir.resolve("_complete"))) {
      return new SmallRuns(dir.resolve("tgrpo"), dir.resolve("grpo"));
    }
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(dir);
    String data = dir.resolve("data").toString();
    ok(dir, "synth", "--out", data, "--train", "24", "--test", "4", "--set", "synth.width=112", "--set",
        "synth.height=112", "--set", "synth.cot_sentences=1", "--set", "synth.share.image=0");
    ok(dir, "curate", "--manifest", data + "/train.json", "--media-root", data, "--out", dir + "/frames", "--preset",
        "demo");
    ok(dir, "sft", "--frames", dir + "/frames", "--cot", data + "/train_cot.json", "--model", "random:tiny", "--out",
        dir + "/sft", "--preset", "tiny", "--set", "sft.steps=150", "--set", "sft.batch_size=8");
    // The two runs are independent (own output, same seeds) and side by side: each one's JVM and Spark start-up,
    // data loading and model writing overlap the other's steps.
    ExecutorService side = Executors.newSingleThreadExecutor();
    Future<?> grpo = side.submit(() -> {
      train(dir, "grpo");
      return null;
    });
    side.shutdown();
    train(dir, "tgrpo");
    LauncherE2EIT.await(grpo);
    Files.writeString(dir.resolve("_complete"), "");
    return new SmallRuns(dir.resolve("tgrpo"), dir.resolve("grpo"));
  }

  /** A T-GRPO ({@code algo} "tgrpo") or GRPO run of the SFT model into {@code dir/algo}. */
  private static void train(Path dir, String algo) throws IOException, InterruptedException {
    ok(dir, "train", "--frames", dir + "/frames", "--model", dir + "/sft/model", "--out", dir + "/" + algo,
        "--preset", "tiny", "--set", "train.steps=" + STEPS, "--set", "train.prompts_per_step=" + PROMPTS,
        "--set", "train.num_generations=" + GENERATIONS, "--set", "train.max_new_tokens=160", "--set",
        "train.temperature=0.8", "--set", "train.checkpoint_every=3", "--set", "train.temporal=" + algo.equals("tgrpo"));
  }

  private static void ok(Path dir, String... args) throws IOException, InterruptedException {
    LauncherE2EIT.Run r = LauncherE2EIT.videor1(dir, args);
    assertEquals(0, r.exit(), String.join(" ", args) + "\n" + r.output());
  }
}
