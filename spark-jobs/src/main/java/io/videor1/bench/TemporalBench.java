package io.videor1.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.videor1.conf.ConfigError;
import io.videor1.conf.ConfigLoader;
import io.videor1.demo.DemoConfig;
import io.videor1.demo.DemoJob;
import io.videor1.train.run.StepTimer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * {@code videor1 bench temporal} (issue 30, item 4): the temporal modes and GRPO from one SFT checkpoint on the
 * planted-shortcut split, on paired seeds 1..N with common random numbers, evaluated on the cue-flipped test split,
 * compared with a one-sided sign-flip test and a two-level bootstrap ({@link TemporalBenchSummary}).
 *
 * <p>Common random numbers: every arm of seed s runs train with {@code train.seed = s} from the same checkpoint, so
 * the arms draw the same prompts at every step (PromptSampler is a function of (seed, step)), sample their ordered
 * completions from the same streams (seed, step, problem, j) and shuffle the frames with the same permutations (seed,
 * step, problem); the shuffled rollouts of reference and prompt_weight come from a salted stream of their own
 * (RolloutTask.SHUFFLED_SALT), so drawing them does not move the ordered samples. The arms then differ only by what
 * their updates did.
 *
 * <p>Without {@code model}, the demo's synth (preset demo-shortcut), curate and SFT stages build the starting point under
 * {@code out} (conf/demo.conf, {@code --set demo.k=v}), once. {@code out/bench.json} holds what decides a run's numbers;
 * a later invocation with other values is refused. Runs go seed by seed, every mode of a seed before the next, and the
 * summary is rewritten after each seed, so a comparison stopped at any point has complete pairs. With
 * {@code archive}, finished runs also go to a portable directory ({@link TemporalBenchArchive}) that a later invocation
 * on another machine adopts.
 */
public final class TemporalBench {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TemporalBench() {}

  /**
   * What an invocation produced: the summary, the train rounds and evaluations it ran itself, the runs it adopted from
   * the archive, those it added to it, and those it left to a machine that builds another seed's checkpoint.
   */
  public record Outcome(Map<String, Object> summary, int trainRounds, int evaluations, int adopted, int archived,
      int leftOver) {}

  /**
   * Runs (or continues) the comparison of {@code cfg.modes()} on seeds 1..{@code seeds}; {@code demoSets} override
   * conf/demo.conf for the preparation. The table goes to {@code out}, progress to {@code log}.
   */
  public static Outcome run(SparkSession spark, TemporalBenchConfig cfg, int seeds, List<String> demoSets,
      PrintStream out, PrintStream log) throws Exception {
    if (seeds < 1) {
      throw new ConfigError("bench temporal: --seeds must be >= 1 (got " + seeds + ")");
    }
    Path root = Path.of(cfg.out()).toAbsolutePath();
    Files.createDirectories(root);
    String model = cfg.model();
    String frames = cfg.frames();
    String testFrames = cfg.testFrames();
    if (cfg.prepares()) {
      DemoJob.Prepared p = DemoJob.prepare(spark, demoConfig(cfg, root, demoSets), new StepTimer(), log);
      requireShortcut(root.resolve("data").resolve("_synth.json"));
      model = p.sftModel();
      frames = p.trainFrames();
      testFrames = p.testFrames();
    } else if (!demoSets.isEmpty()) {
      throw new ConfigError("bench temporal: --set demo.* applies only when the bench builds the SFT checkpoint "
          + "(no --model)");
    }
    Map<String, Object> fingerprint = cfg.fingerprint(model, frames, testFrames);
    checkFingerprint(root.resolve("bench.json"), fingerprint);
    TemporalBenchEval.Questions q = TemporalBenchEval.questions(spark, testFrames, cfg.evalQuestions());
    long cues = q.cues().stream().filter(c -> c != null).count();
    log.printf(Locale.ROOT, "bench temporal: %d seeds x %s from %s; %d order-dependent test questions (%d with a "
        + "planted cue); evaluations at steps %s of %d%n", seeds, cfg.modes(), model, q.items().size(), cues,
        java.util.Arrays.toString(cfg.evalSteps()), cfg.steps());
    TemporalBenchArchive archive = cfg.archive().isBlank() ? null
        : TemporalBenchArchive.open(Path.of(cfg.archive()).toAbsolutePath(), fingerprint, model,
            spark.sparkContext().hadoopConfiguration(), q);
    TemporalBenchStart.Outcome start = TemporalBenchStart.run(spark, cfg, root, model, q, archive, log);
    Map<String, Map<Long, TemporalBenchRun.Result>> runs = new LinkedHashMap<>();
    cfg.modes().forEach(m -> runs.put(m, new TreeMap<>()));
    int rounds = 0;
    int evals = start.evaluated() ? 1 : 0;
    int adopted = 0;
    int archived = 0;
    int leftOver = 0;
    Map<String, Object> summary = null;
    for (long s = 1; s <= seeds; s++) {
      // A seed begun from another checkpoint (another CPU type's preparation) keeps it: its missing arms wait for a
      // machine that builds that checkpoint, so that the seed's paired differences compare updates only.
      Optional<TemporalBenchArchive.Entry> seedStart = archive == null ? Optional.empty() : archive.seedStart(s);
      boolean foreign = seedStart.isPresent() && !seedStart.get().modelSha256().equals(archive.start());
      for (String m : cfg.modes()) {
        Optional<TemporalBenchArchive.Entry> entry = archive == null ? Optional.empty() : archive.find(s, m);
        if (entry.isPresent() && !TemporalBenchRun.done(root, s, m)) {
          TemporalBenchRun.adopt(root, entry.get().result(), cfg.archive() + " (ran on " + entry.get().cpu() + ")");
          adopted++;
        }
        if (foreign) {
          if (entry.isPresent()) {
            runs.get(m).put(s, entry.get().result());
          } else {
            log.printf(Locale.ROOT, "bench temporal: seed %d %s left to a machine like the one its other arms ran on "
                + "(%s, checkpoint %.12s); this one's checkpoint is %.12s%n", s, m, seedStart.get().cpu(),
                seedStart.get().modelSha256(), archive.start());
            leftOver++;
          }
          continue;
        }
        TemporalBenchRun.Outcome o = TemporalBenchRun.run(spark, cfg, root, model, frames, q, s, m, log);
        if (archive != null && archive.put(o.result())) {
          archived++;
        }
        runs.get(m).put(s, o.result());
        rounds += o.trainRounds();
        evals += o.evaluations();
        if (o.trainRounds() + o.evaluations() > 0) {
          log.printf(Locale.ROOT, "bench temporal: seed %d %s done: accuracy %.3f, order gap %.3f (train %.0f s, "
              + "eval %.0f s)%n", s, m, o.result().temporalAccuracy(), o.result().orderGap(),
              o.result().seconds().get("train"), o.result().seconds().get("eval"));
        }
      }
      summary = TemporalBenchSummary.of(cfg, seeds, cfg.modes(), runs, q.items().size(), fingerprint);
      summary.put("start", TemporalBenchSummary.start(start.point(), archive == null ? null : archive.start()));
      Map<String, Object> invocation = new LinkedHashMap<>();
      invocation.put("train_rounds", rounds);
      invocation.put("evaluations", evals);
      invocation.put("adopted_from_archive", adopted);
      invocation.put("archived", archived);
      invocation.put("left_to_other_checkpoint", leftOver);
      invocation.put("start", start.how());
      summary.put("this_invocation", invocation);
      TemporalBenchRun.writeAtomically(root.resolve("summary.json"), JSON.writeValueAsString(summary));
    }
    TemporalBenchSummary.print(summary, out);
    out.println("bench temporal: this invocation ran " + rounds + " train round(s) and " + evals + " evaluation(s); "
        + (archive == null ? "" : "adopted " + adopted + " run(s) from the archive, archived " + archived + ", left "
        + leftOver + " to a machine of another checkpoint; ")
        + "summary " + root.resolve("summary.json"));
    return new Outcome(summary, rounds, evals, adopted, archived, leftOver);
  }

  /**
   * conf/demo.conf for the preparation: output {@code root}, the bench's prompt style (RL and evaluation use it), and
   * the planted-shortcut preset before any synth override the caller gave.
   */
  public static DemoConfig demoConfig(TemporalBenchConfig cfg, Path root, List<String> demoSets) {
    String synthExtra = ConfigLoader.defaults("demo").getString("demo.synth_extra");
    List<String> sets = new ArrayList<>();
    for (String kv : demoSets) {
      if (kv.startsWith("demo.synth_extra=")) {
        synthExtra = kv.substring("demo.synth_extra=".length());
      } else if (kv.startsWith("demo.out=") || kv.startsWith("demo.prompt_style=")) {
        throw new ConfigError("bench temporal: " + kv.substring(0, kv.indexOf('=')) + " is the bench's own (--out, "
            + "bench_temporal.prompt_style)");
      } else {
        sets.add(kv);
      }
    }
    List<String> all = new ArrayList<>(List.of("demo.out=" + root, "demo.prompt_style=" + cfg.promptStyleSetting(),
        "demo.synth_extra=synth.preset=demo-shortcut" + (synthExtra.isBlank() ? "" : ";" + synthExtra)));
    all.addAll(sets);
    return ConfigLoader.load("demo", all, DemoConfig::from);
  }

  /** The prepared dataset must be the planted-shortcut split (an older demo dataset under --out would not be). */
  private static void requireShortcut(Path synthJson) throws Exception {
    JsonNode n = JSON.readTree(synthJson.toFile());
    if (!n.has("cue")) {
      throw new ConfigError("bench temporal: the dataset " + synthJson.getParent() + " has no planted cue (not synth "
          + "--preset demo-shortcut); use another --out");
    }
  }

  /** Writes {@code file} on the first invocation; later ones must present the same values. */
  private static void checkFingerprint(Path file, Map<String, Object> fingerprint) throws Exception {
    List<String> diff = recordOrCompare(file, fingerprint);
    if (!diff.isEmpty()) {
      throw new ConfigError("bench temporal: " + file + " was made with other settings (" + String.join(", ", diff)
          + "); its runs would not compare with new ones: use another --out or the same settings");
    }
  }

  /**
   * Writes {@code values} to {@code file} when it does not exist yet, else lists the keys whose values differ from
   * the file's ("key old -> new"); empty when they agree.
   */
  static List<String> recordOrCompare(Path file, Map<String, Object> values) throws java.io.IOException {
    JsonNode now = JSON.valueToTree(values);
    if (!Files.exists(file)) {
      TemporalBenchRun.writeAtomically(file, JSON.writeValueAsString(now));
      return List.of();
    }
    JsonNode before = JSON.readTree(file.toFile());
    List<String> diff = new ArrayList<>();
    for (Iterator<String> it = now.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      // as text: a seed written as a long reads back as an int node
      if (!String.valueOf(now.get(k)).equals(String.valueOf(before.get(k)))) {
        diff.add(k + " " + before.get(k) + " -> " + now.get(k));
      }
    }
    return diff;
  }
}
