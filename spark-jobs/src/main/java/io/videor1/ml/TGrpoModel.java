package io.videor1.ml;

import io.videor1.exec.EngineThreads;
import io.videor1.exec.HadoopConf;
import io.videor1.exec.TaskDevice;
import io.videor1.media.FrameFormat;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.generate.SamplingParams;
import io.videor1.prompt.PromptMeta;
import io.videor1.prompt.PromptStyle;
import io.videor1.prompt.Question;
import io.videor1.train.run.ModelSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A trained policy as an MLlib {@link Model}: {@code transform} answers the questions of a curated-frames DataFrame
 * and adds {@code output} (the completion), {@code reasoning} (inside {@code <think>}) and {@code answer} (inside
 * {@code <answer>}). Decoding is greedy with the prompt style the model was trained with; {@code shuffleSeed} ≥ 0
 * answers from a seeded shuffle of each video's frames (T-GRPO's order probe). Saved with its weights
 * ({@link TGrpoModelWriter}).
 */
public final class TGrpoModel extends Model<TGrpoModel> implements MLWritable {
  private final String uid;
  private final Param<String> modelPath;
  private final Param<String> promptStyle;
  private final IntParam maxNewTokens;
  private final LongParam shuffleSeed;
  private final BooleanParam requireGpu;
  private final Param<String> outputCol;
  private final Param<String> reasoningCol;
  private final Param<String> answerCol;

  public TGrpoModel() {
    this(Identifiable$.MODULE$.randomUID("tgrpoModel"));
  }

  public TGrpoModel(String uid) {
    this.uid = uid;
    modelPath = new Param<>(this, "modelPath", "checkpoint directory of the policy (Hugging Face layout)");
    promptStyle = new Param<>(this, "promptStyle", "prompt wording the model was trained with: video_r1, short or short_question_last");
    maxNewTokens = new IntParam(this, "maxNewTokens", "token budget of an answer");
    shuffleSeed = new LongParam(this, "shuffleSeed", "seed of a frame shuffle for videos (-1: true order)");
    requireGpu = new BooleanParam(this, "requireGpu", "a task Spark assigned a GPU that the engine cannot open "
        + "stops instead of running on the CPU (exec.require_gpu)");
    outputCol = new Param<>(this, "outputCol", "column of the whole completion");
    reasoningCol = new Param<>(this, "reasoningCol", "column of the reasoning");
    answerCol = new Param<>(this, "answerCol", "column of the answer");
    setDefault(promptStyle, "video_r1");
    setDefault(maxNewTokens, (Object) 768);
    setDefault(shuffleSeed, (Object) (-1L));
    setDefault(requireGpu, (Object) true);
    setDefault(outputCol, "output");
    setDefault(reasoningCol, "reasoning");
    setDefault(answerCol, "answer");
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    Dataset<Row> df = dataset.toDF();
    String dir = $(modelPath);
    ModelSpec spec = new ModelSpec(dir, null, List.of(), PromptStyle.parse($(promptStyle), "promptStyle"), 2.0);
    SamplingParams greedy = SamplingParams.greedy((Integer) $(maxNewTokens));
    long seed = (Long) $(shuffleSeed);
    boolean gpu = (Boolean) $(requireGpu);
    HadoopConf hadoop = new HadoopConf(df.sparkSession().sparkContext().hadoopConfiguration());
    MapPartitionsFunction<Row, Row> f = rows -> answer(rows, dir, spec, greedy, seed, gpu, hadoop);
    return df.mapPartitions(f, Encoders.row(out));
  }

  private static Iterator<Row> answer(Iterator<Row> rows, String dir, ModelSpec spec, SamplingParams sampling,
      long shuffleSeed, boolean requireGpu, HadoopConf hadoop) throws Exception {
    List<Row> out = new ArrayList<>();
    // the task's CPUs, as every model task of a job that does not say otherwise (exec.threads = 0)
    EngineThreads.pin(new EngineThreads.Setting(0));
    VisionLanguageModel vlm = rows.hasNext() ? Answerer.model(dir, hadoop.get(), TaskDevice.forTask(requireGpu)) : null;
    while (rows.hasNext()) {
      Row r = rows.next();
      PromptMeta m = meta(r);
      Answerer.Answer a = Answerer.answer(vlm, m, frames(r, m), spec, sampling, 0L,
          shuffleSeed >= 0 ? shuffleSeed : null);
      Object[] values = new Object[r.size() + 3];
      for (int i = 0; i < r.size(); i++) {
        values[i] = r.get(i);
      }
      values[r.size()] = a.output();
      values[r.size() + 1] = a.reasoning();
      values[r.size() + 2] = a.answer();
      out.add(RowFactory.create(values));
    }
    return out.iterator();
  }

  static PromptMeta meta(Row r) {
    int pid = r.fieldIndex("problem_id");
    return PromptMeta.builder().setRowKey(r.getAs("row_key")).setProblemId(r.isNullAt(pid) ? 0 : r.getLong(pid))
        .setQuestion(Question.of(r)).optSolution(r.getAs("solution"))
        .setSize(r.getAs("resized_height"), r.getAs("resized_width")).build();
  }

  private static byte[][] frames(Row r, PromptMeta m) {
    List<byte[]> stored = r.getList(r.fieldIndex("frames"));
    FrameFormat f = FrameFormat.parse(r.getAs("frame_format"));
    byte[][] out = new byte[stored.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = f == FrameFormat.RAW ? stored.get(i) : f.decode(stored.get(i), m.height(), m.width());
    }
    return out;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    FramesInput.check(schema);
    return schema.add($(outputCol), DataTypes.StringType, false).add($(reasoningCol), DataTypes.StringType, false)
        .add($(answerCol), DataTypes.StringType, false);
  }

  @Override
  public TGrpoModel copy(ParamMap extra) {
    return copyValues(new TGrpoModel(uid), extra).setParent(parent());
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public MLWriter write() {
    return new TGrpoModelWriter(this);
  }

  public static MLReader<TGrpoModel> read() {
    return new TGrpoModelWriter.Reader();
  }

  public static TGrpoModel load(String path) {
    return read().load(path);
  }

  public TGrpoModel setModelPath(String v) {
    set(modelPath, v);
    return this;
  }

  public TGrpoModel setPromptStyle(String v) {
    set(promptStyle, v);
    return this;
  }

  public TGrpoModel setMaxNewTokens(int v) {
    set(maxNewTokens, (Object) v);
    return this;
  }

  public TGrpoModel setShuffleSeed(long v) {
    set(shuffleSeed, (Object) v);
    return this;
  }

  public TGrpoModel setRequireGpu(boolean v) {
    set(requireGpu, (Object) v);
    return this;
  }

  public Param<String> modelPath() { return modelPath; }
  public Param<String> promptStyle() { return promptStyle; }
  public IntParam maxNewTokens() { return maxNewTokens; }
  public LongParam shuffleSeed() { return shuffleSeed; }
  public BooleanParam requireGpu() { return requireGpu; }
  public Param<String> outputCol() { return outputCol; }
  public Param<String> reasoningCol() { return reasoningCol; }
  public Param<String> answerCol() { return answerCol; }

  /** The checkpoint directory. */
  public String getModelPath() {
    return $(modelPath);
  }
}
