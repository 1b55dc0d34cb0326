package io.videor1.eval;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.exec.ExecutorModels;
import io.videor1.exec.HadoopConf;
import io.videor1.exec.PromptInputs;
import io.videor1.exec.TaskDevice;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.generate.Completion;
import io.videor1.model.generate.Generator;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.tokenizer.PromptTemplates;
import io.videor1.reward.RewardOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * Answers the curated benchmark questions of one Spark task: the model is loaded once per executor JVM, each question
 * is rendered with Video-R1's evaluation prompt, decoded with the evaluation sampling and scored.
 *
 * <p>A question the model cannot answer (for example a prompt longer than its context) is recorded with an empty
 * output and its error as the finish reason, and scores 0, as the reference scores a failed batch.
 */
final class EvalTask implements FlatMapFunction<Iterator<Row>, Row> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final EvalConfig cfg;
  private final String modelKey;
  private final String benchmark;
  private final HadoopConf hadoop;
  private final LongAccumulator answered;

  EvalTask(EvalConfig cfg, String modelKey, String benchmark, HadoopConf hadoop, LongAccumulator answered) {
    this.cfg = cfg;
    this.modelKey = modelKey;
    this.benchmark = benchmark;
    this.hadoop = hadoop;
    this.answered = answered;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) throws Exception {
    if (!rows.hasNext()) {
      return List.<Row>of().iterator();
    }
    Device device = TaskDevice.forTask();
    VisionLanguageModel vlm = ExecutorModels.get("eval@" + device, modelKey, () -> VisionLanguageModel.load(
        ExecutorModels.localDir(cfg.model(), hadoop.get()), new VisionLanguageModel.LoadOptions(DataType.FLOAT32,
            device)));
    List<Row> out = new ArrayList<>();
    while (rows.hasNext()) {
      out.add(answer(vlm, rows.next()));
      answered.add(1);
    }
    return out.iterator();
  }

  private Row answer(VisionLanguageModel vlm, Row r) throws Exception {
    List<String> options = r.getList(r.fieldIndex("options"));
    PromptInputs.Question q =
        new PromptInputs.Question(r.getAs("problem"), r.getAs("problem_type"), options, r.getAs("data_type"));
    long line = r.getAs("manifest_line");
    long problemId = r.isNullAt(r.fieldIndex("problem_id")) ? -1 : r.<Long>getAs("problem_id");
    String output;
    String finish;
    int tokens;
    try {
      List<byte[]> frames = r.getList(r.fieldIndex("frames"));
      double fps = cfg.passSampleFps() && !r.isNullAt(r.fieldIndex("sample_fps")) ? r.<Double>getAs("sample_fps") : 2.0;
      ModelInputs in =
          PromptInputs.rl(vlm, q, frames.toArray(new byte[0][]), r.getAs("resized_height"), r.getAs("resized_width"),
              PromptTemplates.Variant.EVAL, fps);
      Completion c = vlm.generate(in, 1, cfg.sampling(), new Generator.SeedIds(cfg.seed(), 0, problemId >= 0 ? problemId : line)).get(0);
      output = c.text();
      finish = c.finishReason().name().toLowerCase(java.util.Locale.ROOT);
      tokens = c.length();
    } catch (RuntimeException e) {
      output = "";
      finish = "error: " + e.getMessage();
      tokens = 0;
    }
    String category = AnswerScorer.category(fields(r.getAs("extra_json")), r.getAs("path"), q.problemType());
    ScoredAnswer a =
        AnswerScorer.score(benchmark, problemId, q.problemType(), r.getAs("solution"), options, output, category,
            RewardOptions.defaults());
    return AnswerTable.row(r.getAs("row_key"), a, line, r.getAs("data_source"), r.getAs("path"), r.getAs("solution"),
        tokens, finish, modelKey, cfg.settingsKey());
  }

  private static Map<String, String> fields(String extraJson) throws Exception {
    Map<String, String> m = new HashMap<>();
    if (extraJson != null) {
      JsonNode n = JSON.readTree(extraJson);
      n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()));
    }
    return m;
  }
}
