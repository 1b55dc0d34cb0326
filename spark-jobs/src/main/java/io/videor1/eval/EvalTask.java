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
    List<Item> batch = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      for (String probe : r.<String>getList(r.fieldIndex(EvalJob.PROBES_TODO))) {
        batch.add(new Item(r, FrameProbe.valueOf(probe.toUpperCase(java.util.Locale.ROOT))));
        if (batch.size() == cfg.promptsPerBatch()) {
          out.addAll(answer(vlm, device, batch));
          batch.clear();
        }
      }
    }
    if (!batch.isEmpty()) {
      out.addAll(answer(vlm, device, batch));
    }
    return out.iterator();
  }

  /** One answer to give: a question's row and the frames it is answered under. */
  private record Item(Row row, FrameProbe probe) {}

  /** An item's prompt, or why it could not be built. */
  private record Prompted(Item item, ModelInputs in, String error) {}

  /**
   * Answers the items: one at a time when {@code eval.prompts_per_batch} is 1, else in one decode batch. A question
   * the model cannot answer gets an empty output and its error; in a batch that fails for a reason other than the
   * engine, each item is answered again alone (the same tokens), so only the one at fault gets the error.
   */
  private List<Row> answer(VisionLanguageModel vlm, Device device, List<Item> items) throws Exception {
    List<Prompted> prompted = new ArrayList<>();
    for (Item it : items) {
      prompted.add(prompt(vlm, device, it));
    }
    List<Row> out = new ArrayList<>();
    if (cfg.promptsPerBatch() == 1) {
      for (Prompted p : prompted) {
        out.add(p.in() == null ? row(p.item(), null, p.error()) : one(vlm, device, p));
        answered.add(1);
      }
      return out;
    }
    List<Generator.Request> requests = new ArrayList<>();
    for (Prompted p : prompted) {
      if (p.in() != null) {
        requests.add(new Generator.Request(p.in(), 1, seeds(p.item())));
      }
    }
    List<List<Completion>> answers;
    try {
      EngineFault.beforeGeneration();
      answers = requests.isEmpty() ? List.of() : vlm.generateBatch(requests, cfg.sampling());
    } catch (RuntimeException | OutOfMemoryError e) {
      EngineFault.rethrowIfEngine(e, call(vlm, device, items.get(0), requests.size() + " answers decoded together, each "
          + "of up to " + cfg.maxNewTokens() + " new tokens"));
      if (items.size() == 1) {
        answered.add(1);
        return List.of(row(items.get(0), null, e.getMessage()));
      }
      for (Item it : items) {
        out.addAll(answer(vlm, device, List.of(it)));
      }
      return out;
    }
    int a = 0;
    for (Prompted p : prompted) {
      out.add(p.in() == null ? row(p.item(), null, p.error()) : row(p.item(), answers.get(a++).get(0), null));
    }
    answered.add(items.size());
    return out;
  }

  /** An item's prompt in the evaluation's style, with its probe applied to the frames. */
  private Prompted prompt(VisionLanguageModel vlm, Device device, Item it) {
    Row r = it.row();
    Question q = Question.of(r);
    try {
      List<byte[]> stored = r.getList(r.fieldIndex("frames"));
      byte[][] frames = it.probe().apply(stored.toArray(new byte[0][]), cfg.seed(), key(r));
      double fps = cfg.passSampleFps() && !r.isNullAt(r.fieldIndex("sample_fps")) ? r.<Double>getAs("sample_fps") : 2.0;
      return new Prompted(it, Prompts.rl(vlm,
          new PromptInput(q, frames, r.getAs("resized_height"), r.getAs("resized_width"), fps), prompt.userText(q)),
          null);
    } catch (RuntimeException | OutOfMemoryError e) {
      EngineFault.rethrowIfEngine(e, call(vlm, device, it, "1 answer of up to " + cfg.maxNewTokens()
          + " new tokens on a not yet encoded prompt"));
      return new Prompted(it, null, e.getMessage());
    }
  }

  /** One item decoded alone, the way evaluation always answered. */
  private Row one(VisionLanguageModel vlm, Device device, Prompted p) throws Exception {
    Completion c;
    try {
      EngineFault.beforeGeneration();
      c = vlm.generate(p.in(), 1, cfg.sampling(), seeds(p.item())).get(0);
    } catch (RuntimeException | OutOfMemoryError e) {
      EngineFault.rethrowIfEngine(e, call(vlm, device, p.item(), "1 answer of up to " + cfg.maxNewTokens()
          + " new tokens on a " + p.in().inputIds().length + "-token prompt"));
      return row(p.item(), null, e.getMessage());
    }
    return row(p.item(), c, null);
  }

  /** Question q is sampled with (seed, 0, q): its problem id, or its manifest line when it has none. */
  private Generator.SeedIds seeds(Item it) {
    return new Generator.SeedIds(cfg.seed(), 0, key(it.row()));
  }

  private static long key(Row r) {
    long line = r.getAs("manifest_line");
    return r.isNullAt(r.fieldIndex("problem_id")) ? line : r.<Long>getAs("problem_id") >= 0 ? r.<Long>getAs("problem_id")
        : line;
  }

  private EngineFault.Call call(VisionLanguageModel vlm, Device device, Item it, String batch) {
    return new EngineFault.Call("eval of " + benchmark + " line " + it.row().<Long>getAs("manifest_line") + " ("
        + it.probe() + " frames)", EngineFault.model(cfg.model(), vlm), batch, device);
  }

  /** The scored answer row of {@code c}, or of an empty output when {@code error} says why there is none. */
  private Row row(Item it, Completion c, String error) throws Exception {
    Row r = it.row();
    Question q = Question.of(r);
    long line = r.getAs("manifest_line");
    long problemId = r.isNullAt(r.fieldIndex("problem_id")) ? -1 : r.<Long>getAs("problem_id");
    String output = c == null ? "" : c.text();
    String finish = c == null ? "error: " + error : c.finishReason().name().toLowerCase(java.util.Locale.ROOT);
    int tokens = c == null ? 0 : c.length();
    String category = AnswerScorer.category(fields(r.getAs("extra_json")), r.getAs("path"), q.problemType());
    ScoredAnswer a =
        AnswerScorer.score(benchmark, problemId, q.problemType(), r.getAs("solution"), q.options(), output, category,
            RewardOptions.defaults());
    return AnswerTable.row(r.getAs("row_key"), a, line, r.getAs("data_source"), r.getAs("path"), r.getAs("solution"),
        tokens, finish, modelKey, cfg.settingsKey(prompt.style()), it.probe());
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
