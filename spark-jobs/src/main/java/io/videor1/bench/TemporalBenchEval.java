package io.videor1.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.curate.TableGenerations;
import io.videor1.demo.HeldOutEval;
import io.videor1.exec.EngineThreads;
import io.videor1.exec.FrameProbe;
import io.videor1.prompt.PromptMeta;
import io.videor1.reward.AccuracyReward;
import io.videor1.reward.RewardOptions;
import io.videor1.rl.TemporalCredit;
import io.videor1.train.data.TrainData;
import io.videor1.train.run.ModelSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The evaluation of {@code bench temporal}: greedy answers of one checkpoint to the test split's order-dependent video
 * questions, with the true frames and with one seeded shuffle of them ({@link HeldOutEval}), scored by the training
 * accuracy reward, and whether each answer is the planted cue's option.
 *
 * <p>The cue's option is the record's {@code truth.answer_cue} (synth's planted-shortcut split writes it, the curation
 * keeps it in {@code extra_json}); an answer follows the cue when the accuracy reward scores it 1 against that letter,
 * the same parser that scores it against the gold one. Records without a cue (another dataset) have none.
 */
final class TemporalBenchEval {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The questions, in problem-id order, and the cue letter of each (null: none). */
  record Questions(List<PromptMeta> items, List<String> cues) {
    long[] problemIds() {
      return items.stream().mapToLong(PromptMeta::problemId).toArray();
    }
  }

  /**
   * One checkpoint's answers: per question (in {@link Questions} order) the accuracy with the true frames, with the
   * shuffled ones, and 1/0 for "picked the cue's option" (null where the question has no cue).
   */
  record Scores(int step, long[] problemIds, double[] ordered, double[] shuffled, Double[] cue) {}

  private TemporalBenchEval() {}

  /** The order-dependent video questions of {@code testFrames} (the first {@code limit} by problem id; 0: all). */
  static Questions questions(SparkSession spark, String testFrames, int limit) throws IOException {
    List<PromptMeta> items = new ArrayList<>();
    for (PromptMeta m : TrainData.load(spark, testFrames)) {
      if (TemporalCredit.ordersMatter(m.video(), m.temporal()) && (limit == 0 || items.size() < limit)) {
        items.add(m);
      }
    }
    if (items.isEmpty()) {
      throw new IllegalArgumentException("bench temporal: the test frames " + testFrames + " hold no order-dependent "
          + "video question (records marked temporal, or videos without the mark)");
    }
    Map<String, String> cueByRow = cues(spark, testFrames);
    List<String> cues = new ArrayList<>();
    for (PromptMeta m : items) {
      cues.add(cueByRow.get(m.rowKey()));
    }
    return new Questions(List.copyOf(items), cues);
  }

  /** Answers every question with the model of {@code modelDir}. */
  static Scores run(SparkSession spark, Questions q, String modelDir, TemporalBenchConfig cfg, int step,
      String label) {
    HeldOutEval.Settings settings = new HeldOutEval.Settings(new ModelSpec(modelDir, null, List.of(),
        cfg.promptStyle(), 2.0), cfg.evalMaxNewTokens(), cfg.shuffleSeed(), new EngineThreads.Setting(cfg.threads()),
        cfg.requireGpu());
    List<HeldOutEval.Item> items = HeldOutEval.run(spark, q.items(), modelDir, settings,
        List.of(FrameProbe.SHUFFLED), label);
    Map<Long, HeldOutEval.Item> byId = new HashMap<>();
    items.forEach(i -> byId.put(i.problemId(), i));
    int n = q.items().size();
    double[] ordered = new double[n];
    double[] shuffled = new double[n];
    Double[] cue = new Double[n];
    for (int k = 0; k < n; k++) {
      PromptMeta m = q.items().get(k);
      HeldOutEval.Item it = byId.get(m.problemId());
      ordered[k] = it.ordered();
      shuffled[k] = it.under(FrameProbe.SHUFFLED);
      String c = q.cues().get(k);
      cue[k] = c == null ? null : followsCue(m, it.output().get(FrameProbe.ORDERED), c) ? 1.0 : 0.0;
    }
    return new Scores(step, q.problemIds(), ordered, shuffled, cue);
  }

  /** Whether {@code output} answers the cue's option {@code cue} (a letter), as the accuracy reward reads answers. */
  static boolean followsCue(PromptMeta m, String output, String cue) {
    return AccuracyReward.score(m.type(), output, "<answer>" + cue + "</answer>", m.options(),
        RewardOptions.defaults()) >= 1.0;
  }

  /** Row key → {@code truth.answer_cue} of the frames table's records that have one. */
  private static Map<String, String> cues(SparkSession spark, String frames) throws IOException {
    Map<String, String> out = new HashMap<>();
    List<Row> rows = TableGenerations.read(spark, TrainData.framesVersion(spark, frames), spark.read())
        .select("row_key", "extra_json").collectAsList();
    for (Row r : rows) {
      String extra = r.getString(1);
      if (extra == null || extra.isBlank()) {
        continue;
      }
      JsonNode cue = JSON.readTree(extra).path("truth").path("answer_cue");
      if (cue.isTextual()) {
        out.put(r.getString(0), cue.asText());
      }
    }
    return out;
  }
}
