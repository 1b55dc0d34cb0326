package io.videor1.train.grpo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.testing.SparkTestSession;
import io.videor1.train.run.MetricsLog;
import io.videor1.train.run.PromptSampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run leaves behind survives an interruption: ledger steps, metrics lines and the data cursor. */
class RunRecordsIT {
  private static List<LedgerRow> rows(int step, String tag) {
    List<LedgerRow> out = new ArrayList<>();
    LedgerRow.Builder group = LedgerRow.builder().setStep(step).setWeightVersion(step - 1).setPromptId("p" + step)
        .setProblemType("multiple choice").setDataSource("synthetic").setGroupId(step + "-0");
    for (int i = 0; i < 12; i++) {
      out.add(group.sample().setShuffled(i >= 8).setSampleIndex(i).setSamplingSeed(1000L * step + i)
          .setCompletion(tag + i).setCompletionTokens(40 + i).setFinishReason("eos").setAccuracy(i % 2).setFormat(1.0)
          .setTemporalBonus(0.0).setLengthBonus(0.0).setTotalReward(1.0 + i % 2).setAdvantage(i % 2 == 0 ? -1 : 1)
          .build());
    }
    return out;
  }

  @Test
  void ledgerStepsAreReplacedAndTruncatedLikeAnUninterruptedRun(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    RolloutLedger ledger = new RolloutLedger(spark, dir.toString());
    ledger.writeStep(1, rows(1, "a"));
    ledger.writeStep(2, rows(2, "a"));
    ledger.writeStep(3, rows(3, "crashed-run-")); // written after the last checkpoint (step 2), then the driver died
    ledger.truncateAfter(2);
    ledger.writeStep(3, rows(3, "a"));
    List<Row> all = spark.read().parquet(ledger.path().toString()).orderBy("step", "sample_index").collectAsList();
    assertEquals(36, all.size(), "B x (G + G/2) rows per step, three steps");
    assertTrue(all.stream().noneMatch(r -> r.<String>getAs("completion").startsWith("crashed")));
    assertEquals(Set.of(1, 2, 3), new HashSet<>(all.stream().map(r -> (int) r.getAs("step")).toList()));
    assertEquals(4, all.stream().filter(r -> (int) r.getAs("step") == 1 && (boolean) r.getAs("shuffled")).count());
    // The JSON-lines mirror holds the same rows (nulls written out), truncated alike; no staging directory is left.
    List<String> mirror = spark.read().schema(RolloutLedger.SCHEMA).json(ledger.jsonPath().toString())
        .orderBy("step", "sample_index").collectAsList().stream().map(Row::toString).toList();
    assertEquals(all.stream().map(Row::toString).toList(), mirror);
    Path part;
    try (Stream<Path> files = Files.list(dir.resolve("ledger-json/step=1"))) {
      part = files.filter(p -> p.getFileName().toString().endsWith(".json")).findFirst().orElseThrow();
    }
    assertTrue(Files.readString(part).contains("\"failure\":null"), "null columns are written, not dropped");
    for (String table : List.of("ledger", "ledger-json")) {
      assertTrue(Files.notExists(dir.resolve(table).resolve("_staging")), table);
    }
  }

  @Test
  void queuedLedgerStepsAreAllWrittenByTheFlushAndAFailureNamesItsStep(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    RolloutLedger ledger = new RolloutLedger(spark, dir.resolve("run").toString());
    ledger.writeStep(4, rows(4, "crashed-run-"));
    try (LedgerQueue q = LedgerQueue.from(ledger, 1)) {
      for (int step = 1; step <= 3; step++) {
        q.write(step, rows(step, "a"));
      }
      q.flush();
      List<Row> all = spark.read().parquet(ledger.path().toString()).collectAsList();
      assertEquals(36, all.size(), "steps 1-3 in place after the flush; the stale step 4 truncated");
    }
    Files.writeString(dir.resolve("blocked"), "a file where the run directory should be");
    LedgerQueue q = LedgerQueue.from(new RolloutLedger(spark, dir.resolve("blocked").toString()), 3);
    q.write(3, rows(3, "a"));
    java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, q::close);
    assertTrue(e.getMessage().contains("ledger of step 3"), e.getMessage());
  }

  @Test
  void metricsKeepOnlyTheStepsBeforeTheResumePoint(@TempDir Path dir) throws Exception {
    MetricsLog log = new MetricsLog(dir.toString(), new Configuration(), 0);
    for (int s = 1; s <= 5; s++) {
      log.append(Map.of("step", s, "reward_mean", s * 0.1));
    }
    MetricsLog resumed = new MetricsLog(dir.toString(), new Configuration(), 3);
    assertEquals(3, resumed.lines().size());
    resumed.append(Map.of("step", 4, "reward_mean", 0.4));
    assertEquals(4, new MetricsLog(dir.toString(), new Configuration(), 10).lines().size());
  }

  @Test
  void promptSamplingIsAPureFunctionOfSeedAndStep() {
    PromptSampler s = new PromptSampler(42, 10, 4);
    assertArrayEquals(s.promptsOf(3), new PromptSampler(42, 10, 4).promptsOf(3));
    // Steps 1..5 cover two epochs of 10 prompts: each epoch is a permutation.
    int[] epoch1 = new int[10];
    int k = 0;
    for (int step = 1; step <= 3; step++) {
      for (int p : s.promptsOf(step)) {
        if (k < 10) {
          epoch1[k++] = p;
        }
      }
    }
    int[] sorted = epoch1.clone();
    Arrays.sort(sorted);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
    assertTrue(!Arrays.equals(s.permutation(0), s.permutation(1)), "each epoch is reshuffled");
  }
}
