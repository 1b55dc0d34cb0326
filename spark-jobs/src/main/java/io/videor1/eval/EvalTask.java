package io.videor1.eval;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.exec.EngineFault;
import io.videor1.exec.EngineThreads;
import io.videor1.exec.ExecutorModels;
import io.videor1.exec.FrameProbe;
import io.videor1.exec.HadoopConf;
import io.videor1.exec.TaskDevice;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.generate.Completion;
import io.videor1.model.generate.Generator;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.prompt.PromptInput;
import io.videor1.prompt.Prompts;
import io.videor1.prompt.Question;
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
 * is rendered in the evaluation's prompt style ({@link EvalPrompt}), decoded with the evaluation sampling and scored,
 * once per frame probe its {@code probes_todo} column lists (the ordered frames and any probes not answered before).
 *
 * <p>Every probe of a question is sampled with the same seed ids, so its answers differ only by what the frames show.
 *
 * <p>A question the model cannot answer (for example a prompt longer than its context) is recorded with an empty
 * output and its error as the finish reason, and scores 0, as the reference scores a failed batch. The engine
 * failing (out of memory, a CUDA error) is not the question's fault: it fails the task ({@link EngineFault}).
 */
final class EvalTask implements FlatMapFunction<Iterator<Row>, Row> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final EvalConfig cfg;
  private final String modelKey;
  private final String benchmark;
  private final HadoopConf hadoop;
  private final LongAccumulator answered;
  private final EvalPrompt prompt;

  EvalTask(EvalConfig cfg, String modelKey, String benchmark, HadoopConf hadoop, LongAccumulator answered,
      EvalPrompt prompt) {
    this.cfg = cfg;
    this.prompt = prompt;
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
    EngineThreads.pin(cfg.threadSetting());
    Device device = TaskDevice.forTask(cfg.requireGpu());
    VisionLanguageModel vlm = ExecutorModels.get("eval@" + device, modelKey, () -> VisionLanguageModel.load(
        ExecutorModels.localDir(cfg.model(), hadoop.get()), new VisionLanguageModel.LoadOptions(cfg.computeDtype(),
            device)));
    List<Row> out = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      for (String probe : r.<String>getList(r.fieldIndex(EvalJob.PROBES_TODO))) {
        out.add(answer(vlm, device, r, FrameProbe.valueOf(probe.toUpperCase(java.util.Locale.ROOT))));
        answered.add(1);
      }
    }
    return out.iterator();
  }

  private Row answer(VisionLanguageModel vlm, Device device, Row r, FrameProbe probe) throws Exception {

    Question q = Question.of(r);
    long line = r.getAs("manifest_line");
    long problemId = r.isNullAt(r.fieldIndex("problem_id")) ? -1 : r.<Long>getAs("problem_id");
    String output;
    String finish;
    int tokens;
    ModelInputs in = null;
    try {
      List<byte[]> stored = r.getList(r.fieldIndex("frames"));
      byte[][] frames = probe.apply(stored.toArray(new byte[0][]), cfg.seed(), problemId >= 0 ? problemId : line);
      double fps = cfg.passSampleFps() && !r.isNullAt(r.fieldIndex("sample_fps")) ? r.<Double>getAs("sample_fps") : 2.0;
      in = Prompts.rl(vlm,
          new PromptInput(q, frames, r.getAs("resized_height"), r.getAs("resized_width"), fps), prompt.userText(q));
      EngineFault.beforeGeneration();
      Completion c = vlm.generate(in, 1, cfg.sampling(), new Generator.SeedIds(cfg.seed(), 0, problemId >= 0 ? problemId : line)).get(0);
      output = c.text();
      finish = c.finishReason().name().toLowerCase(java.util.Locale.ROOT);
      tokens = c.length();
    } catch (RuntimeException | OutOfMemoryError e) {
      EngineFault.rethrowIfEngine(e, new EngineFault.Call("eval of " + benchmark + " line " + line + " (" + probe
          + " frames)", EngineFault.model(cfg.model(), vlm), "1 answer of up to " + cfg.maxNewTokens()
          + " new tokens on a " + (in == null ? "not yet encoded" : in.inputIds().length + "-token") + " prompt",
          device));
      output = "";
      finish = "error: " + e.getMessage();
      tokens = 0;
    }
    String category = AnswerScorer.category(fields(r.getAs("extra_json")), r.getAs("path"), q.problemType());
    ScoredAnswer a =
        AnswerScorer.score(benchmark, problemId, q.problemType(), r.getAs("solution"), q.options(), output, category,
            RewardOptions.defaults());
    return AnswerTable.row(r.getAs("row_key"), a, line, r.getAs("data_source"), r.getAs("path"), r.getAs("solution"),
        tokens, finish, modelKey, cfg.settingsKey(prompt.style()), probe);
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
