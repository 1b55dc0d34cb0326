package io.videor1.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training commands as a user runs them ({@code bin/videor1}, separate JVMs, local Spark): synth → curate →
 * sft → train for a few steps, then a killed-and-resumed train run that ends where an uninterrupted one does. The
 * synth and curate steps are {@link SmallRuns}'s, shared with the other classes of this JVM.
 */
class TrainE2EIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static LauncherE2EIT.Run ok(Path dir, String... args) throws Exception {
    LauncherE2EIT.Run r = LauncherE2EIT.videor1(dir, args);
    assertEquals(0, r.exit(), String.join(" ", args) + "\n" + r.output());
    return r;
  }

  @Test
  void synthCurateSftTrainAndResume(@TempDir Path dir) throws Exception {
    // synth and curate: the dataset and frames SmallRuns made once for this JVM with the same two commands
    // (bin/videor1 synth, then curate --preset demo; each must exit 0), instead of a second synthetic set.
    SmallRuns small = SmallRuns.get();
    String data = small.data().toString();
    String frames = small.frames().toString();
    LauncherE2EIT.Run sft = ok(dir, "sft", "--frames", frames, "--cot", data + "/train_cot.json", "--model",
        "random:tiny", "--out", dir + "/sft", "--preset", "tiny", "--set", "sft.steps=2", "--set",
        "sft.warmup_steps=0", "--set", "sft.batch_size=4");
    assertTrue(sft.output().contains("sft: step 2/2"), sft.output());

    String[] train = {"train", "--frames", frames, "--model", dir + "/sft/model", "--preset", "tiny",
        "--set", "train.steps=3", "--set", "train.prompts_per_step=2", "--set", "train.num_generations=4", "--set",
        "train.max_new_tokens=8", "--set", "train.checkpoint_every=1"};
    // The uninterrupted run beside the cut one and its resume (separate JVMs and outputs; same seeds either way).
    ExecutorService side = Executors.newSingleThreadExecutor();
    Future<LauncherE2EIT.Run> wholeRun = side.submit(() -> ok(dir, concat(train, "--out", dir + "/whole")));
    side.shutdown();
    ok(dir, concat(train, "--out", dir + "/cut", "--set", "train.stop_after=2"));
    LauncherE2EIT.Run resumed = ok(dir, concat(train, "--out", dir + "/cut", "--resume"));
    assertTrue(resumed.output().contains("resume: from checkpoint step 2"), resumed.output());
    LauncherE2EIT.Run whole = LauncherE2EIT.await(wholeRun);
    assertTrue(whole.output().matches("(?s).*train: step 3/3 reward \\S+ acc \\S+ kl \\S+ \\S+ s/step ETA 0s.*"),
        whole.output());

    assertArrayEquals(Files.readAllBytes(dir.resolve("whole/model/model.safetensors")),
        Files.readAllBytes(dir.resolve("cut/model/model.safetensors")), "same final weights");
    List<String> metrics = Files.readAllLines(dir.resolve("cut/metrics.jsonl"));
    assertEquals(3, metrics.size());
    JsonNode last = JSON.readTree(metrics.get(2));
    assertEquals(3, last.get("step").asInt());
    assertTrue(Files.isDirectory(dir.resolve("cut/ledger/step=3")));

    LauncherE2EIT.Run bad = LauncherE2EIT.videor1(dir, concat(train, "--out", dir + "/cut", "--resume", "--set",
        "train.num_generations=6"));
    assertEquals(2, bad.exit(), "a configuration error, not a crash: " + bad.output());
    assertTrue(bad.output().contains("configuration error: --resume with another configuration"), bad.output());
    assertTrue(bad.output().contains("numGenerations (4 -> 6)"), "names what changed: " + bad.output());
    assertTrue(!bad.output().contains("\tat io.videor1"), "no stack trace: " + bad.output());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
