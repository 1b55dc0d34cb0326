package io.videor1.ml;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import io.videor1.conf.ConfigLoader;
import io.videor1.prompt.PromptMeta;
import io.videor1.train.grpo.TGrpoConfig;
import io.videor1.train.grpo.TGrpoTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
  /** Keys that are not Params: the frames come from the dataset {@code fit} is given. */
  private static final Set<String> NOT_PARAMS = Set.of("frames");
  private final String uid;
  /** One Param per train.conf key, sorted by name (what {@link #params()} returns). */
  private final Param<?>[] params;

  public TGrpoEstimator() {
    this(Identifiable$.MODULE$.randomUID("tgrpo"));
  }

  public TGrpoEstimator(String uid) {
    this.uid = uid;
    Config d = ConfigLoader.defaults("train").getConfig("train");
    Map<String, Param<?>> byName = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : d.entrySet()) {
      if (!NOT_PARAMS.contains(e.getKey())) {
        Param<?> p = paramFor(e.getKey(), e.getValue());
        byName.put(p.name(), p);
        setDefaultFromConf(p, d, e.getKey());
      }
    }
    this.params = byName.values().toArray(new Param<?>[0]);
  }

  /** A typed Param for a train.conf key, typed by its default value (HOCON numbers keep their Java type). */
  private Param<?> paramFor(String key, ConfigValue v) {
    String name = paramName(key);
    String doc = "train." + key;
    return switch (v.valueType()) {
      case BOOLEAN -> new BooleanParam(this, name, doc);
      case NUMBER -> v.unwrapped() instanceof Integer ? new IntParam(this, name, doc)
          : v.unwrapped() instanceof Long ? new LongParam(this, name, doc) : new DoubleParam(this, name, doc);
      default -> new Param<String>(this, name, doc);
    };
  }

  /** Spark ML's way of listing Params is reflection over accessor methods; these are built from train.conf. */
  @Override
  public Param<?>[] params() {
    return params;
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

  /** The Param name of a train.conf key: camelCase ({@code num_generations} → {@code numGenerations}). */
  static String paramName(String key) {
    return switch (key) {
      case "out" -> "outputDir";
      case "model" -> "initModel";
      default -> {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : key.toCharArray()) {
          if (c == '_') {
            up = true;
          } else {
            b.append(up ? Character.toUpperCase(c) : c);
            up = false;
          }
        }
        yield b.toString();
      }
    };
  }

  /** The train.conf key (without {@code train.}) a Param stands for. */
  public static String confKey(Param<?> p) {
    return switch (p.name()) {
      case "outputDir" -> "out";
      case "initModel" -> "model";
      default -> p.name().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    };
  }

  /** The configuration record these Params (plus the frames directory) resolve to. */
  public TGrpoConfig toConfig(String framesDir) {
    List<String> sets = new ArrayList<>();
    sets.add("train.frames=" + framesDir);
    // Only what was set: defaults are train.conf's, and passing them would override a chosen preset.
    for (Param<?> p : params()) {
      if (isSet(p)) {
        sets.add("train." + confKey(p) + "=" + $(p));
      }
    }
    return ConfigLoader.load("train", sets, TGrpoConfig::from);
  }

  @Override
  public TGrpoModel fit(Dataset<?> dataset) {
    SparkSession spark = dataset.sparkSession();
    try {
      FramesInput.Resolved in = FramesInput.resolve(dataset.toDF(), (String) $(getParam("outputDir")));
      TGrpoConfig cfg = toConfig(in.framesDir());
      List<PromptMeta> prompts = in.prompts();
      TGrpoTrainer.Result r = TGrpoTrainer.train(spark, prompts, in.framesDir(), cfg, System.err);
      TGrpoModel m = new TGrpoModel(uid + "_model").setModelPath(r.modelDir())
          .setPromptStyle((String) $(getParam("promptStyle"))).setMaxNewTokens((Integer) $(getParam("maxNewTokens")))
          .setRequireGpu(cfg.run().requireGpu());
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
    return setParam("outputDir", v);
  }

  public TGrpoEstimator setInitModel(String v) {
    return setParam("initModel", v);
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
}
