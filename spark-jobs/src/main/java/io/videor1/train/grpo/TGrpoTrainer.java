package io.videor1.train.grpo;

import io.videor1.prompt.PromptMeta;
import io.videor1.rl.GroupRewards;
import io.videor1.rl.StepMetrics;
import io.videor1.rl.TemporalMode;
import io.videor1.train.data.TrainData;
import io.videor1.train.run.ProgressLine;
import io.videor1.train.run.PromptSampler;
import io.videor1.train.run.RunContext;
import io.videor1.train.run.RunManifest;
import io.videor1.train.run.StepTimer;
import io.videor1.train.run.TrainableState;
import io.videor1.train.step.GradientAggregator;
import io.videor1.train.step.WeightBroadcaster;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The T-GRPO driver loop (spec §5): one step reads as the algorithm, one named, timed stage per line.
 *
 * <ol>
 *   <li>pick B prompts (a pure function of seed and step) and publish the weights as a versioned broadcast;
 *   <li>executors roll out, score, shape and normalise each group and compute its policy gradient
 *       ({@link RolloutTask}), the gradients are summed by shard ({@link GradientAggregator});
 *   <li>the driver averages over the trained groups, clips, steps AdamW, writes the ledger, metrics.jsonl and, every
 *       N steps, a checkpoint.
 * </ol>
 *
 * <p>Everything a step draws is seeded by (seed, step, prompt, sample), gradients are summed in a fixed order and the
 * optimizer is plain Java, so {@code --resume} from a checkpoint reproduces the uninterrupted run's ledger and weights
 * exactly.
 */
public final class TGrpoTrainer {
  private TGrpoTrainer() {}

  /** What a run produced. */
  public record Result(String modelDir, String runDir, int lastStep, List<Map<String, Object>> metrics) {}

  /** Told of each finished step, on the driver, before the next step starts. */
  @FunctionalInterface
  public interface StepListener {
    /**
     * @param line the step's metrics.jsonl line
     * @param awaitLedger waits until the step's ledger rows are written (they are written in the background)
     */
    void afterStep(int step, Map<String, Object> line, LedgerWait awaitLedger) throws Exception;
  }

  /** Waits for the ledger writes queued so far. */
  @FunctionalInterface
  public interface LedgerWait {
    void await() throws java.io.IOException;
  }

  /** Runs (or resumes) T-GRPO on the records of {@code cfg.frames()}. */
  public static Result train(SparkSession spark, TGrpoConfig cfg, PrintStream log) throws Exception {
    return train(spark, cfg, log, (step, line, ledger) -> { });
  }

  /** As {@link #train(SparkSession, TGrpoConfig, PrintStream)}, telling {@code listener} of each step. */
  public static Result train(SparkSession spark, TGrpoConfig cfg, PrintStream log, StepListener listener)
      throws Exception {
    List<PromptMeta> all = TrainData.load(spark, cfg.frames());
    List<PromptMeta> prompts = cfg.maxPrompts() > 0 && all.size() > cfg.maxPrompts()
        ? List.copyOf(all.subList(0, cfg.maxPrompts())) : all;
    return train(spark, prompts, TrainData.framesVersion(spark, cfg.frames()).toString(), cfg, log, listener);
  }

  /** Runs (or resumes) T-GRPO on {@code prompts}, whose frames live in the files they name. */
  public static Result train(SparkSession spark, List<PromptMeta> prompts, String dataVersion, TGrpoConfig cfg,
      PrintStream log) throws Exception {
    return train(spark, prompts, dataVersion, cfg, log, (step, line, ledger) -> { });
  }

  private static Result train(SparkSession spark, List<PromptMeta> prompts, String dataVersion, TGrpoConfig cfg,
      PrintStream log, StepListener listener) throws Exception {
    String algo = !cfg.rl().temporal() ? "GRPO"
        : cfg.temporalMode() == TemporalMode.REFERENCE ? "T-GRPO" : "T-GRPO (" + cfg.temporalMode().setting() + ")";
    log.printf(Locale.ROOT, "train: %s on %d prompts, %s, %d steps of %d prompts x (%d + %d) completions%s%n", algo,
        prompts.size(), cfg.spec().describe(), cfg.run().steps(), cfg.promptsPerUpdate(), cfg.numGenerations(),
        cfg.numShuffled(), cfg.rolloutsPerUpdate() > 1 ? " in " + cfg.rolloutsPerUpdate() + " rollout rounds" : "");
    PromptSampler sampler = new PromptSampler(cfg.run().seed(), prompts.size(), cfg.promptsPerUpdate());
    var schedule = cfg.optim().scheduleOver(cfg.run().steps());
    List<Map<String, Object>> lines = new ArrayList<>();
    try (RunContext run = RunContext.open(spark, cfg.run(), cfg.spec(), cfg.optim(),
        RunManifest.of("train", cfg, dataVersion, prompts.size()), log);
        LedgerQueue ledger = LedgerQueue.from(new RolloutLedger(spark, cfg.run().out(),
            cfg.temporalMode() != TemporalMode.REFERENCE), run.startStep())) {
      ProgressLine progress = new ProgressLine("train", cfg.run().steps(), log);
      for (int step = run.startStep(); step <= cfg.run().lastStep(); step++) {
        int s = step;
        StepTimer timer = new StepTimer();
        Broadcast<WeightBroadcaster.Snapshot> w = timer.time("broadcast", () -> run.publish(s - 1));
        Rollouts r = rolloutRounds(run, cfg, batchOf(prompts, sampler.promptsOf(step)), s, w, timer);
        List<PromptResult> results = r.results();
        int trained = (int) results.stream().filter(PromptResult::trained).count();
        double lr = schedule.lr(step);
        TrainableState.Update u = trained == 0 ? null : timer.time("update",
            () -> run.update(r.sums(), trained, lr));
        timer.time("ledger", () -> {
          ledger.write(s, ledgerRows(results)); // written while the next step rolls out
          return null;
        });
        // The step's metrics go to disk before its checkpoint, so a checkpoint at step N always comes with the
        // records of steps 1..N (a driver killed between the two would otherwise resume without line N).
        Map<String, Object> line = StepLog.line(step, results, u, lr, w.value().bytes(), r.threads(), timer,
            cfg.temporalMode());
        run.metrics().append(line);
        if (run.checkpointDue(step)) {
          timer.time("ledger", () -> {
            ledger.flush(); // a checkpoint at step N comes with the ledger of steps 1..N
            return null;
          });
          timer.time("checkpoint", () -> {
            run.checkpoint(s, cfg.promptsPerUpdate(), prompts.size(), cfg.checkpointDtype());
            return null;
          });
          // now with the checkpoint's seconds
          line = StepLog.line(step, results, u, lr, w.value().bytes(), r.threads(), timer, cfg.temporalMode());
          run.metrics().replaceLast(line);
        }
        lines.add(line);
        progress.step(step, StepLog.headline(line), timer.elapsed());
        listener.afterStep(step, line, ledger::flush);
      }
      ledger.flush();
      String model = run.exportModel(cfg.checkpointDtype());
      log.println("train: model written to " + model);
      return new Result(model, cfg.run().out(), cfg.run().lastStep(), lines);
    }
  }

  /** One update's prompts, each with its position in the batch. */
  private static List<Tuple2<Integer, PromptMeta>> batchOf(List<PromptMeta> prompts, int[] picked) {
    List<Tuple2<Integer, PromptMeta>> batch = new ArrayList<>(picked.length);
    for (int i = 0; i < picked.length; i++) {
      batch.add(new Tuple2<>(i, prompts.get(picked[i])));
    }
    return batch;
  }

  /**
   * One update's rollouts: the prompts' results in batch order, their gradients summed in round order, and the
   * engine threads the tasks ran with (the largest count, should tasks differ).
   */
  private record Rollouts(List<PromptResult> results, Map<String, float[]> sums, int threads) {}

  /** One Spark job per rollout round, all with this step's weights {@code w}; stage seconds added to {@code timer}. */
  private static Rollouts rolloutRounds(RunContext run, TGrpoConfig cfg, List<Tuple2<Integer, PromptMeta>> batch,
      int step, Broadcast<WeightBroadcaster.Snapshot> w, StepTimer timer) throws Exception {
    Map<String, float[]> sums = null;
    List<PromptResult> results = new ArrayList<>();
    int threads = 0;
    for (int r = 0; r < cfg.rolloutsPerUpdate(); r++) {
      List<Tuple2<Integer, PromptMeta>> round =
          batch.subList(r * cfg.promptsPerStep(), (r + 1) * cfg.promptsPerStep());
      StepTimer roundTimer = new StepTimer();
      GradientAggregator.Result g = roundTimer.time("step_job", () -> rollouts(run, cfg, round, step, w));
      results.addAll(results(g.summaries(), roundTimer));
      for (Serializable x : g.summaries()) {
        threads = Math.max(threads, ((PromptResult.TaskSummary) x).threads());
      }
      roundTimer.seconds().forEach((stage, sec) -> {
        if (!stage.equals("total")) {
          timer.add(stage, sec);
        }
      });
      sums = sums == null ? g.sums() : GradientAggregator.addInto(sums, g.sums());
    }
    return new Rollouts(results, sums, threads);
  }

  private static GradientAggregator.Result rollouts(RunContext run, TGrpoConfig cfg,
      List<Tuple2<Integer, PromptMeta>> batch, int step, Broadcast<WeightBroadcaster.Snapshot> w) {
    return run.stepJob("train step " + step + ": rollouts, rewards and gradients of " + batch.size() + " prompts",
        batch, handoff -> new RolloutTask(run.runKey(), cfg, step, w, handoff, run.hadoop(),
            run.state().lossScale())::call);
  }

  /** The prompts' results in batch order; the job's time split into the slowest task's stages and aggregation. */
  static List<PromptResult> results(List<Serializable> summaries, StepTimer timer) {
    List<PromptResult> out = new ArrayList<>();
    PromptResult.TaskSummary slowest = null;
    for (Serializable x : summaries) {
      PromptResult.TaskSummary t = (PromptResult.TaskSummary) x;
      out.addAll(t.prompts());
      if (slowest == null || t.wallSeconds() > slowest.wallSeconds()) {
        slowest = t;
      }
    }
    out.sort((a, b) -> Integer.compare(a.position(), b.position()));
    double job = timer.seconds().getOrDefault("step_job", 0.0);
    if (slowest != null) {
      timer.add("rollout", slowest.rolloutSeconds());
      timer.add("reward", slowest.rewardSeconds());
      timer.add("gradient", slowest.gradientSeconds());
      if (!Double.isNaN(slowest.orderPassSeconds())) {
        timer.add("order_pass", slowest.orderPassSeconds());
      }
      timer.add("aggregate", Math.max(0, job - slowest.wallSeconds()));
    }
    return out;
  }

  static List<LedgerRow> ledgerRows(List<PromptResult> results) {
    List<LedgerRow> rows = new ArrayList<>();
    results.forEach(r -> rows.addAll(r.rows()));
    return rows;
  }

  /** The step metrics of the rewards issue over the groups that were scored. */
  static StepMetrics metrics(List<PromptResult> results) {
    List<GroupRewards> groups = new ArrayList<>();
    int dropped = 0;
    for (PromptResult r : results) {
      if (r.group() != null) {
        groups.add(r.group().rewards());
        dropped += r.trained() ? 0 : 1;
      }
    }
    return StepMetrics.of(groups, dropped);
  }

}
