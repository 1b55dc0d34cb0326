package io.videor1.train.grpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.testing.SparkTestSession;
import io.videor1.testing.TinyTraining;
import io.videor1.train.step.GradientHandoff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * T-GRPO end to end on the tiny fixture in local Spark: what a run leaves behind, and {@code --resume} after an
 * interruption reproducing the uninterrupted run exactly.
 */
class TGrpoTrainerIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aRunLeavesLedgerMetricsCheckpointsAndModel(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    String out = dir.resolve("run").toString();
    TGrpoConfig cfg = TinyTraining.train(out, "train.steps=2", "exec.threads=2");
    List<Integer> told = new java.util.ArrayList<>();
    TGrpoTrainer.Result r = TGrpoTrainer.train(spark, cfg, System.err, (step, line, awaitLedger) -> {
      awaitLedger.await(); // the step's rows are readable once awaited, while the run goes on
      assertEquals(2L * (4 + 2), spark.read().parquet(out + "/ledger").where("step = " + step).count());
      assertEquals(step, ((Number) line.get("step")).intValue());
      told.add(step);
    });
    assertEquals(List.of(1, 2), told, "the listener hears of every step, in order");

    List<Row> ledger = spark.read().parquet(out + "/ledger").collectAsList();
    assertEquals(Set.of(RolloutLedger.SCHEMA.fieldNames()).size() + 1, ledger.get(0).schema().size());
    assertTrue(Arrays.asList(ledger.get(0).schema().fieldNames()).containsAll(
        List.of("step", "weight_version", "prompt_id", "problem_type", "data_source", "group_id", "shuffled",
            "sampling_seed", "completion", "completion_tokens", "finish_reason", "accuracy", "format",
            "temporal_bonus", "length_bonus", "total_reward", "advantage")));
    for (int step = 1; step <= 2; step++) {
      int s = step;
      List<Row> rows = ledger.stream().filter(x -> (int) x.getAs("step") == s).toList();
      assertEquals(2 * (4 + 2), rows.size(), "B x (G + G/2) rows per video step");
      assertEquals(2 * 2, rows.stream().filter(x -> (boolean) x.getAs("shuffled")).count());
      assertEquals(2, rows.stream().map(x -> (String) x.getAs("group_id")).distinct().count());
      assertTrue(rows.stream().allMatch(x -> (long) x.getAs("weight_version") == s - 1));
      assertTrue(rows.stream().allMatch(x -> (int) x.getAs("completion_tokens") <= 12));
    }

    List<String> metrics = Files.readAllLines(Path.of(out, "metrics.jsonl"));
    assertEquals(2, metrics.size());
    JsonNode m = JSON.readTree(metrics.get(1));
    for (String k : List.of("reward", "accuracy", "format", "temporal_win_rate", "kl", "lr", "grad_norm")) {
      assertTrue(m.has(k), k + " in " + m);
    }
    for (String stage : List.of("broadcast", "rollout", "reward", "gradient", "aggregate", "update", "checkpoint")) {
      assertTrue(m.get("seconds").has(stage), stage + " in " + m.get("seconds"));
    }
    assertTrue(m.get("grad_norm").isNumber() && Double.isFinite(m.get("grad_norm").asDouble()));
    // what the engine ran the tasks with, read back on the task threads: the pinned count, not the core count
    assertEquals(2, m.get("exec_threads").asInt());

    Path ckpt = Path.of(out, "checkpoints", "step-00000002");
    for (String f : List.of("_COMPLETE", "model/config.json", "model/model.safetensors", "model/tokenizer.json",
        "trainable.safetensors", "optimizer.safetensors", "trainer_state.json", "run.json")) {
      assertTrue(Files.exists(ckpt.resolve(f)), f);
    }
    JsonNode state = JSON.readTree(ckpt.resolve("trainer_state.json").toFile());
    assertEquals(2, state.get("step").asInt());
    assertEquals(3, state.get("data_cursor").get("next_step").asInt());
    JsonNode run = JSON.readTree(Path.of(out, "run.json").toFile());
    assertEquals(4, run.get("config").get("numGenerations").asInt());
    assertEquals(2, run.get("config").get("run").get("threads").asInt());
    assertTrue(run.get("versions").has("spark"));
    assertTrue(Files.exists(Path.of(r.modelDir(), "model.safetensors")));
  }

  @Test
  void resumeAfterAnInterruptionEqualsTheUninterruptedRun(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    String whole = dir.resolve("whole").toString();
    TGrpoTrainer.train(spark, TinyTraining.train(whole), System.err);
    String cut = dir.resolve("cut").toString();
    // The cut run updates on one driver thread, its resume on three, the whole run on the default: the same bits.
    TGrpoTrainer.train(spark, TinyTraining.train(cut, "train.stop_after=3", "optim.threads=1"), System.err);
    // Simulate a kill while step 3's checkpoint was being written: it never got its final name or marker.
    Path ckpts = Path.of(cut, "checkpoints");
    Files.delete(ckpts.resolve("step-00000003/_COMPLETE"));
    Files.move(ckpts.resolve("step-00000003"), ckpts.resolve("_tmp-step-00000003-killed"));
    assertTrue(Files.exists(Path.of(cut, "ledger", "step=3")), "written past the last whole checkpoint (step 2)");
    TGrpoTrainer.train(spark, TinyTraining.train(cut, "train.resume=true", "optim.threads=3"), System.err);

    assertEquals(ledger(spark, whole), ledger(spark, cut));
    for (String f : List.of("trainable.safetensors", "optimizer.safetensors", "model/model.safetensors")) {
      assertArrayEquals(Files.readAllBytes(Path.of(whole, "checkpoints/step-00000004", f)),
          Files.readAllBytes(Path.of(cut, "checkpoints/step-00000004", f)), f);
    }
    assertArrayEquals(Files.readAllBytes(Path.of(whole, "model/model.safetensors")),
        Files.readAllBytes(Path.of(cut, "model/model.safetensors")));
    assertEquals(metricsWithoutTimes(whole), metricsWithoutTimes(cut));
  }

  @Test
  void rolloutRoundsPerUpdateTrainOnTheSamePromptsAsOneBigBatch(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    String big = dir.resolve("big").toString();
    TGrpoTrainer.train(spark, TinyTraining.train(big, "train.steps=2", "train.prompts_per_step=4"), System.err);
    String rounds = dir.resolve("rounds").toString();
    TGrpoTrainer.train(spark, TinyTraining.train(rounds, "train.steps=2", "train.prompts_per_step=2",
        "train.rollouts_per_update=2"), System.err);

    List<String> rows = ledger(spark, rounds);
    assertEquals(2 * 4 * (4 + 2), rows.size(), "steps x B x rounds x (G + G/2) rows");
    assertEquals(ledger(spark, big), rows, "same prompts, groups, samples, rewards and advantages");
    // One update per step from 2 rounds' summed gradients: the weights match the single-job run up to the order of
    // float additions.
    var a = io.videor1.model.io.SafetensorsReader.readAll(Files.readAllBytes(Path.of(big, "model/model.safetensors")));
    var b = io.videor1.model.io.SafetensorsReader.readAll(
        Files.readAllBytes(Path.of(rounds, "model/model.safetensors")));
    assertEquals(a.keySet(), b.keySet());
    double maxDiff = 0;
    boolean moved = false;
    for (String k : a.keySet()) {
      float[] x = a.get(k).toFloats();
      float[] y = b.get(k).toFloats();
      for (int i = 0; i < x.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(x[i] - y[i]));
      }
    }
    var init = io.videor1.model.io.SafetensorsReader.readAll(
        Files.readAllBytes(Path.of(TinyTraining.get().sftModel(), "model.safetensors")));
    for (String k : a.keySet()) {
      moved |= !Arrays.equals(init.get(k).toFloats(), a.get(k).toFloats());
    }
    assertTrue(moved, "the runs trained");
    assertTrue(maxDiff < 1e-5, "max |w_big - w_rounds| = " + maxDiff);
    assertEquals(2, Files.readAllLines(Path.of(rounds, "metrics.jsonl")).size(), "one optimizer step per line");
  }

  @Test
  void gradientsHandedOffInTheDriverJvmTrainExactlyAsSerializedTaskResults(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    String byRef = dir.resolve("handoff").toString();
    String serial = dir.resolve("serial").toString();
    TGrpoTrainer.train(spark, TinyTraining.train(byRef, "train.steps=2", "train.partitions=2"), System.err);
    TGrpoTrainer.train(spark, TinyTraining.train(serial, "train.steps=2", "train.partitions=2",
        "train.local_handoff=false"), System.err);
    assertEquals(0, GradientHandoff.held(), "the driver took or cleared every slot");
    assertEquals(ledger(spark, serial), ledger(spark, byRef));
    assertEquals(metricsWithoutTimes(serial), metricsWithoutTimes(byRef));
    for (String f : List.of("trainable.safetensors", "optimizer.safetensors", "model/model.safetensors")) {
      assertArrayEquals(Files.readAllBytes(Path.of(serial, "checkpoints/step-00000002", f)),
          Files.readAllBytes(Path.of(byRef, "checkpoints/step-00000002", f)), f);
    }
  }

  @Test
  void promptsDecodedTogetherDrawTheSameRolloutsWhateverShareTheirBatch(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    String fours = dir.resolve("fours").toString();
    String pairs = dir.resolve("pairs").toString();
    TGrpoTrainer.train(spark, TinyTraining.train(fours, "train.steps=1", "train.prompts_per_step=4",
        "train.partitions=1", "train.rollout_prompts_per_batch=4"), System.err);
    TGrpoTrainer.train(spark, TinyTraining.train(pairs, "train.steps=1", "train.prompts_per_step=4",
        "train.partitions=1", "train.rollout_prompts_per_batch=2"), System.err);
    List<String> rows = ledger(spark, pairs);
    assertEquals(4 * (4 + 2), rows.size(), "B x (G + G/2) rows");
    assertEquals(ledger(spark, fours), rows, "each prompt's samples, rewards and advantages, whatever its batch");
  }

  /**
   * The switch wired through a training step (policy with autograd, reference without). At 12 tokens the split keeps
   * one bucket (64 positions per extra pass outweigh what 4 short completions save), so this checks the reordering,
   * the zero padding and their gradients in a real step; {@code BucketedLogProbsTest} checks split buckets.
   */
  @Test
  void logProbsInLengthBucketsTrainAsThePaddedPassWithinRounding(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    String padded = dir.resolve("padded").toString();
    String bucketed = dir.resolve("bucketed").toString();
    TGrpoTrainer.train(spark, TinyTraining.train(padded, "train.steps=1"), System.err);
    TGrpoTrainer.train(spark, TinyTraining.train(bucketed, "train.steps=1", "train.logprob_buckets=true"), System.err);
    assertEquals(ledger(spark, padded), ledger(spark, bucketed), "the rollouts do not depend on the log-prob pass");
    JsonNode a = JSON.readTree(Files.readAllLines(Path.of(padded, "metrics.jsonl")).get(0));
    JsonNode b = JSON.readTree(Files.readAllLines(Path.of(bucketed, "metrics.jsonl")).get(0));
    for (String k : List.of("loss", "kl", "grad_norm")) {
      assertTrue(Math.abs(a.get(k).asDouble() - b.get(k).asDouble()) <= 1e-5 * Math.max(1, Math.abs(a.get(k).asDouble())),
          k + ": " + a.get(k) + " padded, " + b.get(k) + " bucketed");
    }
  }

  static List<String> ledger(SparkSession spark, String run) {
    return spark.read().parquet(run + "/ledger").collectAsList().stream().map(Row::toString).sorted()
        .collect(Collectors.toList());
  }

  static List<String> metricsWithoutTimes(String run) throws Exception {
    return Files.readAllLines(Path.of(run, "metrics.jsonl")).stream().map(l -> {
      try {
        var n = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(l);
        n.remove("seconds");
        return n.toString();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  @Test
  void loraTrainsOnlyTheAdaptersAndExportsPeftAndMergedWeights(@TempDir Path dir) throws Exception {
    String out = dir.resolve("lora").toString();
    TGrpoTrainer.Result r = TGrpoTrainer.train(SparkTestSession.get(), TinyTraining.train(out, "train.steps=2",
        "train.lora=true", "train.lora_r=4", "train.lora_alpha=8", "train.lora_dropout=0.1"), System.err);
    JsonNode m = JSON.readTree(Files.readAllLines(Path.of(out, "metrics.jsonl")).get(1));
    assertTrue(m.get("broadcast_bytes").asLong() < 200_000, "only adapters travel: " + m.get("broadcast_bytes"));
    for (String f : List.of("adapter/adapter_config.json", "adapter/adapter_model.safetensors",
        "model/model.safetensors")) {
      assertTrue(Files.exists(Path.of(out, "checkpoints/step-00000002", f)), f);
      assertTrue(Files.exists(Path.of(out, f)), f);
    }
    assertTrue(Files.exists(Path.of(r.modelDir(), "config.json")));
  }
}
