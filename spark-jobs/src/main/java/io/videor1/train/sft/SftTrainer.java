package io.videor1.train.sft;

import io.videor1.prompt.PromptMeta;
import io.videor1.train.data.CotRecords;
import io.videor1.train.data.TrainData;
import io.videor1.train.run.ModelSource;
import io.videor1.train.run.ModelSpec;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * The SFT cold start as a data-parallel Spark loop (spec §6.2): each step the driver picks {@code batch_size} CoT
 * records, broadcasts the weights, executors compute the gradient of their records' teacher-forced loss, the driver
 * sums the gradient shards, clips, steps AdamW on the schedule and checkpoints.
 */
public final class SftTrainer {
  private SftTrainer() {}

  /** What a run produced. */
  public record Result(String modelDir, int lastStep, double lastLoss) {}

  /** Runs (or resumes) SFT as configured; progress lines go to {@code log}. */
  public static Result train(SparkSession spark, SftConfig cfg, PrintStream log) throws Exception {
    org.apache.hadoop.conf.Configuration conf = spark.sparkContext().hadoopConfiguration();
    String init = ModelSource.resolve(cfg.model(), cfg.run().out(), cfg.initSeed(), cfg.initStd(), conf);
    ModelSpec spec = cfg.spec().withInitDir(init);
    List<PromptMeta> all = CotRecords.join(TrainData.load(spark, cfg.frames()),
        cfg.cot().isBlank() ? null : CotRecords.read(cfg.cot(), conf, log));
    List<PromptMeta> records = cfg.maxRecords() > 0 && all.size() > cfg.maxRecords()
        ? List.copyOf(all.subList(0, cfg.maxRecords())) : all;
    String version = TrainData.framesVersion(spark, cfg.frames()).toString();
    log.printf(Locale.ROOT, "sft: %d CoT records, %s, %d steps of %d sequences%n", records.size(), spec.describe(),
        cfg.run().steps(), cfg.batchSize());
    PromptSampler sampler = new PromptSampler(cfg.run().seed(), records.size(), cfg.batchSize());
    var schedule = cfg.optim().scheduleOver(cfg.run().steps());
    double loss = Double.NaN;
    try (RunContext run = RunContext.open(spark, cfg.run(), spec, cfg.optim(),
        RunManifest.of("sft", cfg, version, records.size()), log)) {
      ProgressLine progress = new ProgressLine("sft", cfg.run().steps(), log);
      for (int step = run.startStep(); step <= cfg.run().lastStep(); step++) {
        StepTimer timer = new StepTimer();
        List<PromptMeta> batch = new ArrayList<>();
        for (int i : sampler.promptsOf(step)) {
          batch.add(records.get(i));
        }
        int s = step;
        Broadcast<WeightBroadcaster.Snapshot> w = timer.time("broadcast",
            () -> run.publish(s - 1));
        GradientAggregator.Result g = timer.time("gradient_job", () -> gradients(run, cfg, batch, s, w));
        splitJobTime(timer, g.summaries());
        double lr = schedule.lr(step);
        TrainableState.Update u = timer.time("update", () -> run.update(g.sums(), batch.size(), lr));
        loss = g.summaries().stream().mapToDouble(x -> ((SftGradientTask.Summary) x).lossSum()).sum() / batch.size();
        long tokens = g.summaries().stream().mapToLong(x -> ((SftGradientTask.Summary) x).tokens()).sum();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", step);
        line.put("loss", loss);
        line.put("tokens", tokens);
        line.put("lr", lr);
        line.put("grad_norm", Double.isFinite(u.gradNorm()) ? u.gradNorm() : null);
        line.put("updated", !u.skipped());
        if (u.lossScale() > 0) { // float16 executors
          line.put("loss_scale", (double) u.lossScale());
          line.put("skipped", u.skipped());
        }
        line.put("exec_threads", g.summaries().stream().mapToInt(x -> ((SftGradientTask.Summary) x).threads()).max()
            .orElse(0));
        line.put("seconds", timer.seconds());
        run.metrics().append(line); // before the checkpoint, which then always comes with the lines of its steps
        if (run.checkpointDue(step)) {
          timer.time("checkpoint", () -> {
            run.checkpoint(s, cfg.batchSize(), records.size(), cfg.checkpointDtype());
            return null;
          });
          line.put("seconds", timer.seconds());
          run.metrics().replaceLast(line);
        }
        progress.step(step, String.format(Locale.ROOT, "loss %.4f lr %.2e", loss, lr), timer.elapsed());
      }
      String model = run.exportModel(cfg.checkpointDtype());
      log.println("sft: model written to " + model);
      return new Result(model, cfg.run().lastStep(), loss);
    }
  }

  private static GradientAggregator.Result gradients(RunContext run, SftConfig cfg, List<PromptMeta> batch, int step,
      Broadcast<WeightBroadcaster.Snapshot> w) {
    return run.stepJob("sft step " + step + ": gradients of " + batch.size() + " sequences", batch,
        handoff -> new SftGradientTask(run.runKey(), run.spec(), cfg.lossOn(), cfg.run(), step, w, handoff,
            run.hadoop(), run.state().lossScale())::call);
  }

  /** Splits the gradient job's wall time into the executors' work (the slowest task) and the aggregation. */
  static void splitJobTime(StepTimer timer, List<Serializable> summaries) {
    double job = timer.seconds().getOrDefault("gradient_job", 0.0);
    double slowest = 0;
    for (Serializable s : summaries) {
      slowest = Math.max(slowest, ((SftGradientTask.Summary) s).seconds());
    }
    timer.add("gradient", Math.min(job, slowest));
    timer.add("aggregate", Math.max(0, job - slowest));
  }
}
