package io.videor1.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.videor1.conf.ConfigLoader;
import io.videor1.prompt.PromptMeta;
import io.videor1.train.data.TrainData;
import io.videor1.train.sft.SftConfig;
import io.videor1.train.sft.SftTrainer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The demo's SFT cold start, run until the model answers from the frames: SFT in rounds of {@code check_every} steps,
 * each followed by greedy accuracy on validation records held out of SFT (the last {@code validation} training
 * records by problem id), stopping at the first round whose accuracy reaches the target, or at {@code sft_steps}.
 *
 * <p>Why a target and not a fixed step count: a tiny model learns to look in a sudden rise after a plateau at the
 * blind answer, and when the rise comes depends on the seed and the CPU (docs/training.md has the measurements). A
 * fixed budget either stops some seeds before the rise (a model that does not look) or lets others converge (nothing
 * left for RL to improve). A cold start is meant to teach the format and the basics, not to finish the task, so the
 * demo ends it once the model does better than the text allows, and the RL stages start from comparable models.
 *
 * <p>The rounds are one run resumed: each round resumes from the previous round's checkpoint with a later
 * {@code stop_after}, so the trajectory is that of one uninterrupted run. The checks are kept in {@code sft/_gate.json};
 * a demo that is run again continues from them.
 */
final class SftGate {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final String FILE = "_gate.json";

  /** One validation check: after {@code step} SFT steps, greedy accuracy on the validation records. */
  record Check(int step, double accuracy) {}

  /**
   * What the cold start did.
   *
   * @param model the SFT model the RL stages start from
   * @param target the validation accuracy that ends it (0: no gate, all {@code sft_steps})
   * @param validation validation records held out of SFT
   * @param checks the checks in step order
   * @param stoppedAt the SFT steps the model was trained for
   */
  record Result(String model, double target, int validation, List<Check> checks, int stoppedAt) {
    /** Whether the last check reached the target. */
    boolean reached() {
      return target > 0 && !checks.isEmpty() && checks.get(checks.size() - 1).accuracy() >= target;
    }
  }

  private SftGate() {}

  static Result run(SparkSession spark, DemoConfig cfg, String trainFrames, String cot, Path sftOut,
      PrintStream log) throws Exception {
    DemoConfig.SftGateConfig gate = cfg.sftGate();
    List<String> base = new ArrayList<>(cfg.sftOverrides(trainFrames, cot, sftOut.toString()));
    if (gate.target() <= 0) {
      String model = SftTrainer.train(spark, load(base), log).modelDir();
      return new Result(model, 0, 0, List.of(), cfg.sftSteps());
    }
    List<PromptMeta> all = TrainData.load(spark, trainFrames);
    int trained = all.size() - gate.validation();
    if (trained < cfg.sftBatchSize()) {
      throw new IllegalArgumentException("demo.sft_validation (" + gate.validation() + ") leaves " + trained
          + " of " + all.size() + " training records for SFT, fewer than a batch (" + cfg.sftBatchSize() + ")");
    }
    List<PromptMeta> validation = all.subList(trained, all.size()); // SFT reads the first `trained` (max_records)
    base.add("sft.max_records=" + trained);
    List<Check> checks = read(sftOut);
    String model = sftOut.resolve("model").toString();
    while (true) {
      if (!checks.isEmpty()) {
        Check last = checks.get(checks.size() - 1);
        if (last.accuracy() >= gate.target() || last.step() >= cfg.sftSteps()) {
          return new Result(model, gate.target(), validation.size(), checks, last.step());
        }
      }
      int stop = Math.min(cfg.sftSteps(), (checks.isEmpty() ? 0 : checks.get(checks.size() - 1).step())
          + gate.checkEvery());
      List<String> round = new ArrayList<>(base);
      round.add("sft.stop_after=" + stop);
      model = SftTrainer.train(spark, load(round), log).modelDir();
      // the round's own checkpoint: models are cached per JVM by directory, and model/ is rewritten every round
      String checked = sftOut.resolve(String.format(Locale.ROOT, "checkpoints/step-%08d/model", stop)).toString();
      double acc = HeldOutEval.run(spark, validation, checked, HeldOutEval.Settings.of(cfg, checked),
          List.of(), "SFT validation at step " + stop).stream()
          .mapToDouble(HeldOutEval.Item::ordered).average().orElse(0);
      checks.add(new Check(stop, acc));
      write(sftOut, gate.target(), checks);
      log.printf(Locale.ROOT, "demo: SFT step %d, validation accuracy %.3f on %d held-out records (target %.2f)%n",
          stop, acc, validation.size(), gate.target());
    }
  }

  private static SftConfig load(List<String> overrides) {
    return ConfigLoader.load("sft", overrides, SftConfig::from);
  }

  private static List<Check> read(Path sftOut) throws Exception {
    List<Check> out = new ArrayList<>();
    Path f = sftOut.resolve(FILE);
    if (Files.exists(f)) {
      for (JsonNode c : JSON.readTree(f.toFile()).get("checks")) {
        out.add(new Check(c.get("step").asInt(), c.get("accuracy").asDouble()));
      }
    }
    return out;
  }

  private static void write(Path sftOut, double target, List<Check> checks) throws Exception {
    ObjectNode n = JSON.createObjectNode();
    n.put("target", target);
    ArrayNode a = n.putArray("checks");
    for (Check c : checks) {
      a.addObject().put("step", c.step()).put("accuracy", c.accuracy());
    }
    Path tmp = sftOut.resolve(FILE + ".tmp");
    Files.writeString(tmp, JSON.writeValueAsString(n) + "\n");
    Files.move(tmp, sftOut.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
