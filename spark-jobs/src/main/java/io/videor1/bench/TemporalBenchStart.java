package io.videor1.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The starting checkpoint's own evaluation in {@code bench temporal}: the SFT model answering the test questions before
 * any RL step, scored like every run's evaluations (accuracy, order gap, cue-following). It is what each arm's figures
 * move from: whether RL raised or lowered the cue-following rate is read against it, not against another arm.
 *
 * <p>Evaluated once per output ({@code OUT/start/eval-step-00000.json}) and archived under the checkpoint's digest, so
 * a fresh output on a machine that builds the same checkpoint adopts it instead of answering again.
 */
final class TemporalBenchStart {
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The start's figures and how this invocation got them: "evaluated", "read" (from OUT) or "adopted". */
  record Outcome(TemporalBenchRun.Point point, String how) {
    boolean evaluated() {
      return how.equals("evaluated");
    }
  }

  private TemporalBenchStart() {}

  /** Evaluates (or reads, or adopts from {@code archive}, which may be null) the start {@code model}. */
  static Outcome run(SparkSession spark, TemporalBenchConfig cfg, Path out, String model,
      TemporalBenchEval.Questions questions, TemporalBenchArchive archive, PrintStream log) throws IOException {
    Path file = out.resolve("start").resolve("eval-step-00000.json");
    String how;
    TemporalBenchEval.Scores scores;
    Optional<TemporalBenchArchive.StartEntry> archived = archive == null ? Optional.empty() : archive.findStart();
    if (Files.exists(file)) {
      scores = JSON.readValue(file.toFile(), TemporalBenchEval.Scores.class);
      how = "read";
    } else if (archived.isPresent()) {
      scores = archived.get().scores();
      how = "adopted";
    } else {
      scores = TemporalBenchEval.run(spark, questions, model, cfg, 0, "start (before RL)");
      how = "evaluated";
    }
    if (!Arrays.equals(scores.problemIds(), questions.problemIds())) {
      throw new IllegalStateException("bench temporal: the starting checkpoint's evaluation (" + how + ") answered "
          + "other questions than this comparison's " + questions.items().size());
    }
    if (!how.equals("read")) {
      Files.createDirectories(file.getParent());
      TemporalBenchRun.writeAtomically(file, JSON.writeValueAsString(scores));
    }
    if (archive != null && archive.putStart(scores)) {
      log.println("bench temporal: archived the starting checkpoint's evaluation");
    }
    TemporalBenchRun.Point p = TemporalBenchRun.point(scores);
    log.printf(Locale.ROOT, "bench temporal: start (before RL, %s): order-dependent accuracy %.3f, shuffled %.3f%n",
        how, p.temporalAccuracy(), p.shuffledAccuracy());
    return new Outcome(p, how);
  }
}
