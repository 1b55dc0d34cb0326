package io.videor1.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.conf.ConfigError;
import io.videor1.conf.ConfigLoader;
import io.videor1.testing.SparkTestSession;
import io.videor1.testing.TinyTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench temporal} on the tiny fixture: two seeds of grpo and reference, 5 steps of B = 2, G = 4 each, evaluated
 * at steps 3, 4 and 5. Checks the files each run leaves, the summary's fields (the starting checkpoint's own
 * evaluation among them), that a second invocation trains and evaluates nothing, that a run whose last checkpoint and evaluation are gone continues from its step-4 checkpoint
 * with train's own resume and reproduces the lost evaluation, that other settings on the same output are refused, and
 * that an archive of the finished runs is adopted by a fresh output (the same comparison and start, nothing re-run), refuses
 * other settings, and leaves a seed begun from another starting checkpoint to a machine that builds that one.
 */
class TemporalBenchIT {
  @Test
  void runsPairedSeedsResumesAndSummarises(@TempDir Path dir) throws Exception {
    TinyTraining.Fixture f = TinyTraining.get();
    long t0 = System.nanoTime();
    Path out = dir.resolve("bench");
    TemporalBenchConfig cfg = config(out, f);
    TemporalBench.Outcome first = TemporalBench.run(SparkTestSession.get(), cfg, 2, List.of(), System.err,
        System.err);
    assertEquals(2 * 2 * 3, first.trainRounds());
    assertEquals(2 * 2 * 3 + 1, first.evaluations(), "every run's three, and the starting checkpoint's own");
    assertTrue(Files.exists(out.resolve("start/eval-step-00000.json")));
    for (long s = 1; s <= 2; s++) {
      for (String m : List.of("grpo", "reference")) {
        Path run = out.resolve("runs/seed=" + s + "/mode=" + m);
        for (String file : List.of("_DONE", "result.json", "eval-step-00003.json", "eval-step-00004.json",
            "eval-step-00005.json", "train/run.json", "train/checkpoints/step-00000005/_COMPLETE")) {
          assertTrue(Files.exists(run.resolve(file)), run.resolve(file).toString());
        }
        // both arms of a seed ran with that seed: the same prompts at every step
        assertEquals(s, new ObjectMapper().readTree(run.resolve("train/run.json").toFile()).get("config").get("run")
            .get("seed").asLong(), run.toString());
      }
    }
    JsonNode sum = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(2, sum.get("seeds").asInt());
    assertTrue(sum.get("questions").asInt() > 0);
    assertEquals("[3,4,5]", sum.get("eval_steps").toString());
    assertEquals(4, sum.get("runs").size());
    for (JsonNode r : sum.get("runs")) {
      assertEquals(3, r.get("evaluations").size());
      double acc = r.get("temporal_accuracy").asDouble();
      assertTrue(acc >= 0 && acc <= 1, r.toString());
      assertTrue(r.get("order_gap").isNumber(), r.toString());
      assertTrue(r.has("cue_following"), r.toString()); // null: the fixture's standard suite plants no cue
    }
    assertEquals(2, sum.get("pooled").get("grpo").get("seeds").asInt());
    JsonNode start = sum.get("start");
    double startAcc = start.get("temporal_accuracy").asDouble();
    assertTrue(startAcc >= 0 && startAcc <= 1 && start.get("order_gap").isNumber(), start.toString());
    assertTrue(start.get("cue_following").isNull() && start.get("model_sha256").isNull(), start.toString());
    assertEquals("evaluated", sum.get("this_invocation").get("start").asText());
    assertEquals(1, sum.get("comparisons").size());
    JsonNode c = sum.get("comparisons").get(0);
    assertEquals("reference", c.get("a").asText());
    assertEquals("grpo", c.get("b").asText());
    assertEquals(2, c.get("seeds").asInt());
    assertEquals("exact", c.get("p_method").asText());
    double p = c.get("p_sign_flip").asDouble();
    assertTrue(p == 0.25 || p == 0.5 || p == 0.75 || p == 1.0, "two seeds give a multiple of 1/4: " + p);
    assertTrue(c.get("bootstrap_95").get("lo").isNumber() && c.get("bootstrap_95").get("hi").isNumber(), c.toString());
    assertTrue(c.has("sd_difference") && c.has("correlation") && c.has("seeds_needed"), c.toString());
    System.err.printf("TemporalBenchIT: first invocation %.1f s%n", (System.nanoTime() - t0) / 1e9);

    // again: everything is read from disk
    Path result = out.resolve("runs/seed=2/mode=reference/result.json");
    FileTime before = Files.getLastModifiedTime(result);
    TemporalBench.Outcome again = TemporalBench.run(SparkTestSession.get(), cfg, 2, List.of(), System.err,
        System.err);
    assertEquals(0, again.trainRounds());
    assertEquals(0, again.evaluations());
    assertEquals(before, Files.getLastModifiedTime(result));
    JsonNode againSum = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(0, againSum.get("this_invocation").get("train_rounds").asInt());
    assertEquals("read", againSum.get("this_invocation").get("start").asText());
    assertEquals(start, againSum.get("start"));

    // an interrupted run: its last checkpoint, evaluation and result gone; train resumes from step 4
    Path run = out.resolve("runs/seed=2/mode=reference");
    String lost = Files.readString(run.resolve("eval-step-00005.json"));
    for (String file : List.of("_DONE", "result.json", "eval-step-00005.json")) {
      Files.delete(run.resolve(file));
    }
    deleteTree(run.resolve("train/checkpoints/step-00000005"));
    assertTrue(Files.exists(run.resolve("train/checkpoints/step-00000004/_COMPLETE")));
    TemporalBench.Outcome resumed = TemporalBench.run(SparkTestSession.get(), cfg, 2, List.of(), System.err,
        System.err);
    assertEquals(1, resumed.trainRounds());
    assertEquals(1, resumed.evaluations());
    assertEquals(lost, Files.readString(run.resolve("eval-step-00005.json")), "the resumed run's evaluation");
    assertTrue(Files.exists(run.resolve("_DONE")));

    // other settings on the same output are refused before anything runs
    List<String> sets = new ArrayList<>(sets(out, f));
    sets.add("bench_temporal.steps=6");
    TemporalBenchConfig other = ConfigLoader.load("bench_temporal", sets, TemporalBenchConfig::from);
    ConfigError e = assertThrows(ConfigError.class, () -> TemporalBench.run(SparkTestSession.get(), other, 2,
        List.of(), System.err, System.err));
    assertTrue(e.getMessage().contains("steps 5 -> 6"), e.getMessage());
    assertFalse(Files.exists(out.resolve("runs/seed=3")));

    // the archive: what finished under one --out is archived, and a fresh --out (another machine) adopts it
    Path archive = dir.resolve("archive");
    TemporalBench.Outcome archiving = TemporalBench.run(SparkTestSession.get(), config(out, f, archive), 2,
        List.of(), System.err, System.err);
    assertEquals(0, archiving.trainRounds());
    assertEquals(4, archiving.archived());
    assertTrue(Files.exists(archive.resolve("archive.json")));
    try (var starts = Files.list(archive.resolve("start"))) {
      assertEquals(1, starts.filter(x -> x.getFileName().toString().startsWith("model_sha256=")).count());
    }
    JsonNode entry = new ObjectMapper().readTree(archive.resolve("runs/seed=2/mode=reference.json").toFile());
    assertTrue(!entry.get("cpu").asText().isBlank()
        && entry.get("result").get("perQuestion").size() == sum.get("questions").asInt(), entry.toString());
    Path out2 = dir.resolve("bench2");
    TemporalBench.Outcome adopting = TemporalBench.run(SparkTestSession.get(), config(out2, f, archive), 2,
        List.of(), System.err, System.err);
    assertEquals(0, adopting.trainRounds());
    assertEquals(0, adopting.evaluations());
    assertEquals(4, adopting.adopted());
    assertEquals(0, adopting.archived());
    JsonNode sum2 = new ObjectMapper().readTree(out2.resolve("summary.json").toFile());
    JsonNode sum1 = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(sum1.get("comparisons"), sum2.get("comparisons"), "the adopted runs give the same comparison");
    assertEquals(sum1.get("pooled"), sum2.get("pooled"));
    assertEquals("adopted", sum2.get("this_invocation").get("start").asText());
    assertEquals(sum1.get("start"), sum2.get("start"), "the adopted start is the evaluated one");
    assertEquals(64, sum2.get("start").get("model_sha256").asText().length());
    assertTrue(Files.readString(out2.resolve("runs/seed=1/mode=grpo/_DONE")).contains("adopted from"));
    // other settings, or another starting point, are refused by the archive (a fresh --out has no bench.json)
    List<String> six = new ArrayList<>(sets(dir.resolve("bench3"), f));
    six.add("bench_temporal.steps=6");
    six.add("bench_temporal.archive=" + archive);
    ConfigError e2 = assertThrows(ConfigError.class, () -> TemporalBench.run(SparkTestSession.get(),
        ConfigLoader.load("bench_temporal", six, TemporalBenchConfig::from), 2, List.of(), System.err, System.err));
    assertTrue(e2.getMessage().contains("steps 5 -> 6") && e2.getMessage().contains("archive.json"), e2.getMessage());
    // seed 2 begun from another checkpoint (another CPU type): its archived arm is adopted, its missing arm is left
    // to a machine that builds that checkpoint, not run from this one
    Path seed2 = archive.resolve("runs/seed=2");
    Files.writeString(seed2.resolve("mode=grpo.json"), Files.readString(seed2.resolve("mode=grpo.json"))
        .replaceFirst("\"model_sha256\" : \"[0-9a-f]+\"", "\"model_sha256\" : \"" + "0".repeat(64) + "\""));
    Files.delete(seed2.resolve("mode=reference.json"));
    Path out4 = dir.resolve("bench4");
    TemporalBench.Outcome mixed = TemporalBench.run(SparkTestSession.get(), config(out4, f, archive), 2, List.of(),
        System.err, System.err);
    assertEquals(0, mixed.trainRounds());
    assertEquals(3, mixed.adopted());
    assertEquals(1, mixed.leftOver());
    assertFalse(Files.exists(out4.resolve("runs/seed=2/mode=reference")));
    JsonNode c4 = new ObjectMapper().readTree(out4.resolve("summary.json").toFile()).get("comparisons").get(0);
    assertEquals(1, c4.get("seeds").asInt(), c4.toString());
    System.err.printf("TemporalBenchIT: %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  private static TemporalBenchConfig config(Path out, TinyTraining.Fixture f, Path archive) {
    List<String> sets = new ArrayList<>(sets(out, f));
    sets.add("bench_temporal.archive=" + archive);
    return ConfigLoader.load("bench_temporal", sets, TemporalBenchConfig::from);
  }

  private static TemporalBenchConfig config(Path out, TinyTraining.Fixture f) {
    return ConfigLoader.load("bench_temporal", sets(out, f), TemporalBenchConfig::from);
  }

  private static List<String> sets(Path out, TinyTraining.Fixture f) {
    return Arrays.asList("bench_temporal.out=" + out, "bench_temporal.model=" + f.sftModel(),
        "bench_temporal.frames=" + f.frames(), "bench_temporal.test_frames=" + f.testFrames(),
        "bench_temporal.modes=grpo,reference", "bench_temporal.steps=5", "bench_temporal.prompts_per_step=2",
        "bench_temporal.generations=4", "bench_temporal.max_new_tokens=12", "bench_temporal.eval_max_new_tokens=12",
        "bench_temporal.checkpoint_every=2", "bench_temporal.prompt_style=short", "bench_temporal.partitions=2",
        "bench_temporal.bootstrap_resamples=200", "bench_temporal.sign_flip_draws=1000");
  }

  private static void deleteTree(Path p) throws java.io.IOException {
    try (var s = Files.walk(p)) {
      for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
