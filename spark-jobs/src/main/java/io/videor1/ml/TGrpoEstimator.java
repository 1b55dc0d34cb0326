package io.videor1.ml;

import com.typesafe.config.Config;
import io.videor1.conf.ConfigLoader;
import io.videor1.train.PromptMeta;
import io.videor1.train.TGrpoConfig;
import io.videor1.train.TGrpoTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * T-GRPO as an MLlib {@link Estimator}: {@code fit(curatedFrames)} runs {@link TGrpoTrainer} and returns a
 * {@link TGrpoModel} that answers questions.
 *
 * <p>Each Param is one key of conf/train.conf ({@code numGenerations} is {@code train.num_generations}), with that
 * file's default; {@code fit} turns the Params into {@code --set} overrides and resolves them through the same loader
 * and record as {@code videor1 train}, so validation and defaults have one source ({@link #toConfig}).
 */
public final class TGrpoEstimator extends Estimator<TGrpoModel> implements DefaultParamsWritable {
  private final String uid;
  private final Param<String> outputDir;
  private final Param<String> initModel;
  private final IntParam steps;
  private final IntParam promptsPerStep;
  private final IntParam numGenerations;
  private final BooleanParam temporal;
  private final DoubleParam shuffledShare;
  private final DoubleParam temporalMu;
  private final DoubleParam temporalAlpha;
  private final BooleanParam lengthControl;
  private final DoubleParam beta;
  private final BooleanParam dynamicSampling;
  private final IntParam maxNewTokens;
  private final DoubleParam temperature;
  private final DoubleParam lr;
  private final Param<String> lrSchedule;
  private final IntParam warmupSteps;
  private final DoubleParam weightDecay;
  private final DoubleParam maxGradNorm;
  private final BooleanParam lora;
  private final IntParam loraR;
  private final Param<String> freeze;
  private final Param<String> promptStyle;
  private final LongParam seed;
  private final IntParam checkpointEvery;
  private final BooleanParam resume;

  public TGrpoEstimator() {
    this(Identifiable$.MODULE$.randomUID("tgrpo"));
  }

  public TGrpoEstimator(String uid) {
    this.uid = uid;
    outputDir = new Param<>(this, "outputDir", "train.out: run directory");
    initModel = new Param<>(this, "initModel", "train.model: the SFT checkpoint");
    steps = new IntParam(this, "steps", "train.steps");
    promptsPerStep = new IntParam(this, "promptsPerStep", "train.prompts_per_step: B");
    numGenerations = new IntParam(this, "numGenerations", "train.num_generations: G");
    temporal = new BooleanParam(this, "temporal", "train.temporal: T-GRPO or GRPO");
    shuffledShare = new DoubleParam(this, "shuffledShare", "train.shuffled_share");
    temporalMu = new DoubleParam(this, "temporalMu", "train.temporal_mu");
    temporalAlpha = new DoubleParam(this, "temporalAlpha", "train.temporal_alpha");
    lengthControl = new BooleanParam(this, "lengthControl", "train.length_control");
    beta = new DoubleParam(this, "beta", "train.beta: KL weight");
    dynamicSampling = new BooleanParam(this, "dynamicSampling", "train.dynamic_sampling");
    maxNewTokens = new IntParam(this, "maxNewTokens", "train.max_new_tokens");
    temperature = new DoubleParam(this, "temperature", "train.temperature");
    lr = new DoubleParam(this, "lr", "train.lr");
    lrSchedule = new Param<>(this, "lrSchedule", "train.lr_schedule");
    warmupSteps = new IntParam(this, "warmupSteps", "train.warmup_steps");
    weightDecay = new DoubleParam(this, "weightDecay", "train.weight_decay");
    maxGradNorm = new DoubleParam(this, "maxGradNorm", "train.max_grad_norm");
    lora = new BooleanParam(this, "lora", "train.lora: LoRA adapters only");
    loraR = new IntParam(this, "loraR", "train.lora_r");
    freeze = new Param<>(this, "freeze", "train.freeze: module prefixes");
    promptStyle = new Param<>(this, "promptStyle", "train.prompt_style");
    seed = new LongParam(this, "seed", "train.seed");
    checkpointEvery = new IntParam(this, "checkpointEvery", "train.checkpoint_every");
    resume = new BooleanParam(this, "resume", "train.resume");
    Config d = ConfigLoader.defaults("train").getConfig("train");
    for (Param<?> p : params()) {
      String key = confKey(p);
      if (d.hasPath(key)) {
        setDefaultFromConf(p, d, key);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void setDefaultFromConf(Param<?> p, Config d, String key) {
    if (p instanceof IntParam ip) {
      setDefault(ip, (Object) d.getInt(key));
    } else if (p instanceof LongParam lp) {
      setDefault(lp, (Object) d.getLong(key));
    } else if (p instanceof DoubleParam dp) {
      setDefault(dp, (Object) d.getDouble(key));
    } else if (p instanceof BooleanParam bp) {
      setDefault(bp, (Object) d.getBoolean(key));
    } else {
      setDefault((Param<Object>) p, d.getString(key));
    }
  }

  /** The train.conf key (without {@code train.}) a Param stands for. */
  public static String confKey(Param<?> p) {
    return switch (p.name()) {
      case "outputDir" -> "out";
      case "initModel" -> "model";
      default -> p.name().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    };
  }

  /** The configuration record these Params (plus the frames directory) resolve to. */
  public TGrpoConfig toConfig(String framesDir) {
    List<String> sets = new ArrayList<>();
    sets.add("train.frames=" + framesDir);
    for (Param<?> p : params()) {
      if (isDefined(p)) {
        sets.add("train." + confKey(p) + "=" + $(p));
      }
    }
    return ConfigLoader.load("train", sets, TGrpoConfig::from);
  }

  @Override
  public TGrpoModel fit(Dataset<?> dataset) {
    SparkSession spark = dataset.sparkSession();
    try {
      FramesInput.Resolved in = FramesInput.resolve(dataset.toDF(), $(outputDir));
      TGrpoConfig cfg = toConfig(in.framesDir());
      List<PromptMeta> prompts = in.prompts();
      TGrpoTrainer.Result r = TGrpoTrainer.train(spark, prompts, in.framesDir(), cfg, System.err);
      TGrpoModel m = new TGrpoModel(uid + "_model").setModelPath(r.modelDir()).setPromptStyle($(promptStyle))
          .setMaxNewTokens((Integer) $(maxNewTokens));
      m.setParent(this);
      return m;
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("T-GRPO fit failed: " + e.getMessage(), e);
    }
  }

  @Override
  public StructType transformSchema(StructType schema) {
    FramesInput.check(schema);
    return schema;
  }

  @Override
  public Estimator<TGrpoModel> copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public String uid() {
    return uid;
  }

  /** Sets a Param by name (any of them; the typed setters below cover the common ones). */
  @SuppressWarnings("unchecked")
  public TGrpoEstimator setParam(String name, Object value) {
    set(new ParamPair<>((Param<Object>) getParam(name), value));
    return this;
  }

  public TGrpoEstimator setOutputDir(String v) {
    set(outputDir, v);
    return this;
  }

  public TGrpoEstimator setInitModel(String v) {
    set(initModel, v);
    return this;
  }

  public TGrpoEstimator setSteps(int v) {
    return setParam("steps", v);
  }

  public TGrpoEstimator setTemporal(boolean v) {
    return setParam("temporal", v);
  }

  public static MLReader<TGrpoEstimator> read() {
    return new DefaultParamsReader<>();
  }

  public static TGrpoEstimator load(String path) {
    return read().load(path);
  }

  public Param<String> outputDir() { return outputDir; }
  public Param<String> initModel() { return initModel; }
  public IntParam steps() { return steps; }
  public IntParam promptsPerStep() { return promptsPerStep; }
  public IntParam numGenerations() { return numGenerations; }
  public BooleanParam temporal() { return temporal; }
  public DoubleParam shuffledShare() { return shuffledShare; }
  public DoubleParam temporalMu() { return temporalMu; }
  public DoubleParam temporalAlpha() { return temporalAlpha; }
  public BooleanParam lengthControl() { return lengthControl; }
  public DoubleParam beta() { return beta; }
  public BooleanParam dynamicSampling() { return dynamicSampling; }
  public IntParam maxNewTokens() { return maxNewTokens; }
  public DoubleParam temperature() { return temperature; }
  public DoubleParam lr() { return lr; }
  public Param<String> lrSchedule() { return lrSchedule; }
  public IntParam warmupSteps() { return warmupSteps; }
  public DoubleParam weightDecay() { return weightDecay; }
  public DoubleParam maxGradNorm() { return maxGradNorm; }
  public BooleanParam lora() { return lora; }
  public IntParam loraR() { return loraR; }
  public Param<String> freeze() { return freeze; }
  public Param<String> promptStyle() { return promptStyle; }
  public LongParam seed() { return seed; }
  public IntParam checkpointEvery() { return checkpointEvery; }
  public BooleanParam resume() { return resume; }
}
