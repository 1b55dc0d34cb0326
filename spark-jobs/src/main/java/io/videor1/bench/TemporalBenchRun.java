package io.videor1.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.videor1.conf.ConfigLoader;
import io.videor1.train.grpo.TGrpoConfig;
import io.videor1.train.grpo.TGrpoTrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * One (seed, mode) run of {@code bench temporal}, resumable at every point: trained in three rounds that are one run
 * (each round resumes the previous one's checkpoint with a later {@code stop_after}, which train replays exactly), each
 * round's checkpoint evaluated right after it ({@code eval-step-N.json}), then {@code result.json} and the
 * {@code _DONE} marker. A run killed anywhere continues from its newest checkpoint or evaluation; a done run is read,
 * not repeated.
 *
 * <pre>
 * DIR/runs/seed=S/mode=M/train/            the train run (checkpoints/, ledger/, metrics.jsonl, run.json)
 * DIR/runs/seed=S/mode=M/eval-step-N.json  the scores at step N (N = 60%, 80%, 100% of the steps)
 * DIR/runs/seed=S/mode=M/result.json       the run's figures ({@link Result})
 * DIR/runs/seed=S/mode=M/_DONE             written last
 * </pre>
 */
final class TemporalBenchRun {
  static final String DONE = "_DONE";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** One evaluation's figures over the questions (cue-following over those with a cue; null without any). */
  record Point(int step, double temporalAccuracy, double shuffledAccuracy, double orderGap, Double cueFollowing) {}

  /**
   * A finished run: the primary metric (accuracy on the order-dependent test questions, mean of the three
   * evaluations), the order gap (ordered − shuffled accuracy) and the cue-following rate, both also means of the
   * three; per question, its mean accuracy over the three (what the bootstrap resamples).
   */
  record Result(long seed, String mode, int steps, List<Point> evaluations, double temporalAccuracy, double orderGap,
      Double cueFollowing, long[] problemIds, double[] perQuestion, Map<String, Double> seconds) {}

  /** What this invocation did for the run: train rounds and evaluations it ran (0 and 0: read from disk). */
  record Outcome(Result result, int trainRounds, int evaluations) {}

  private TemporalBenchRun() {}

  /** The run's directory under the bench's output. */
  static Path dir(Path out, long seed, String mode) {
    return out.resolve("runs").resolve("seed=" + seed).resolve("mode=" + mode);
  }

  /** Whether the run finished (its result is on disk). */
  static boolean done(Path out, long seed, String mode) {
    return Files.exists(dir(out, seed, mode).resolve(DONE));
  }

  /** Reads a finished run's result. */
  static Result read(Path out, long seed, String mode) throws IOException {
    return JSON.readValue(dir(out, seed, mode).resolve("result.json").toFile(), Result.class);
  }

  /**
   * Marks the run of {@code r} finished under {@code out} with a result made elsewhere ({@code from} says where): its
   * {@code result.json} and {@code _DONE}, no train directory and no evaluations.
   */
  static void adopt(Path out, Result r, String from) throws IOException {
    Path dir = dir(out, r.seed(), r.mode());
    Files.createDirectories(dir);
    writeAtomically(dir.resolve("result.json"), JSON.writeValueAsString(r));
    writeAtomically(dir.resolve(DONE), "seed " + r.seed() + " mode " + r.mode() + " adopted from " + from + "\n");
  }

  /** Runs (or continues, or reads) the run of {@code mode} with {@code seed}. */
  static Outcome run(SparkSession spark, TemporalBenchConfig cfg, Path out, String model, String frames,
      TemporalBenchEval.Questions questions, long seed, String mode, PrintStream log) throws Exception {
    if (done(out, seed, mode)) {
      return new Outcome(read(out, seed, mode), 0, 0);
    }
    Path dir = dir(out, seed, mode);
    Path train = dir.resolve("train");
    Files.createDirectories(dir);
    int rounds = 0;
    int evals = 0;
    double trainSeconds = 0;
    double evalSeconds = 0;
    List<TemporalBenchEval.Scores> scores = new ArrayList<>();
    for (int step : cfg.evalSteps()) {
      Path file = dir.resolve(String.format(Locale.ROOT, "eval-step-%05d.json", step));
      if (Files.exists(file)) {
        scores.add(JSON.readValue(file.toFile(), TemporalBenchEval.Scores.class));
        continue;
      }
      Path ckpt = train.resolve(String.format(Locale.ROOT, "checkpoints/step-%08d", step));
      if (!Files.exists(ckpt.resolve("_COMPLETE"))) {
        long t0 = System.nanoTime();
        TGrpoConfig rl = ConfigLoader.load("train", cfg.trainOverrides(mode, seed, model, frames, train.toString(),
            step), TGrpoConfig::from);
        log.printf(Locale.ROOT, "bench temporal: seed %d %s: training to step %d of %d%n", seed, mode, step,
            cfg.steps());
        TGrpoTrainer.train(spark, rl, log);
        trainSeconds += (System.nanoTime() - t0) / 1e9;
        rounds++;
        if (!Files.exists(ckpt.resolve("_COMPLETE"))) {
          throw new IllegalStateException("bench temporal: train left no checkpoint at step " + step + " in " + train);
        }
      }
      long t0 = System.nanoTime();
      TemporalBenchEval.Scores s = TemporalBenchEval.run(spark, questions, ckpt.resolve("model").toString(), cfg,
          step, "seed " + seed + " " + mode + " step " + step);
      evalSeconds += (System.nanoTime() - t0) / 1e9;
      evals++;
      writeAtomically(file, JSON.writeValueAsString(s));
      scores.add(s);
      log.printf(Locale.ROOT, "bench temporal: seed %d %s step %d: order-dependent accuracy %.3f, shuffled %.3f%n",
          seed, mode, step, mean(s.ordered()), mean(s.shuffled()));
    }
    Map<String, Double> seconds = new LinkedHashMap<>();
    seconds.put("train", trainSeconds);
    seconds.put("eval", evalSeconds);
    Result r = result(seed, mode, cfg.steps(), scores, seconds);
    writeAtomically(dir.resolve("result.json"), JSON.writeValueAsString(r));
    writeAtomically(dir.resolve(DONE), "seed " + seed + " mode " + mode + "\n");
    return new Outcome(r, rounds, evals);
  }

  /** The run's figures from its evaluations (each on the same questions in the same order). */
  static Result result(long seed, String mode, int steps, List<TemporalBenchEval.Scores> scores,
      Map<String, Double> seconds) {
    long[] ids = scores.get(0).problemIds();
    double[] perQuestion = new double[ids.length];
    List<Point> points = new ArrayList<>();
    for (TemporalBenchEval.Scores s : scores) {
      if (!java.util.Arrays.equals(s.problemIds(), ids)) {
        throw new IllegalStateException("bench temporal: seed " + seed + " " + mode + ": the evaluation at step "
            + s.step() + " answered other questions than the one at step " + scores.get(0).step());
      }
      for (int q = 0; q < ids.length; q++) {
        perQuestion[q] += s.ordered()[q] / scores.size();
      }
      points.add(point(s));
    }
    double acc = points.stream().mapToDouble(Point::temporalAccuracy).average().orElse(Double.NaN);
    double gap = points.stream().mapToDouble(Point::orderGap).average().orElse(Double.NaN);
    Double cue = points.get(0).cueFollowing() == null ? null
        : points.stream().mapToDouble(Point::cueFollowing).average().orElse(Double.NaN);
    return new Result(seed, mode, steps, points, acc, gap, cue, ids, perQuestion, seconds);
  }

  /** One evaluation's figures: accuracy, shuffled accuracy, their gap, and cue-following over the cued questions. */
  static Point point(TemporalBenchEval.Scores s) {
    double acc = mean(s.ordered());
    double shuf = mean(s.shuffled());
    double cueSum = 0;
    int cues = 0;
    for (Double c : s.cue()) {
      if (c != null) {
        cueSum += c;
        cues++;
      }
    }
    return new Point(s.step(), acc, shuf, acc - shuf, cues == 0 ? null : cueSum / cues);
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return v.length == 0 ? Double.NaN : s / v.length;
  }

  /** Writes {@code text} under a temporary name and renames it: a kill leaves the file whole or absent. */
  static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text.endsWith("\n") ? text : text + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
