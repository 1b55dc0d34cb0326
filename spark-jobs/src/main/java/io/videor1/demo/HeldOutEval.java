package io.videor1.demo;

import io.videor1.exec.EngineThreads;
import io.videor1.exec.FrameProbe;
import io.videor1.exec.HadoopConf;
import io.videor1.exec.TaskDevice;
import io.videor1.ml.Answerer;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.generate.SamplingParams;
import io.videor1.prompt.PromptMeta;
import io.videor1.reward.AccuracyReward;
import io.videor1.reward.RewardOptions;
import io.videor1.train.data.FramesCache;
import io.videor1.train.run.ModelSpec;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Greedy evaluation of a model on held-out curated records, with the true frames and under each {@link FrameProbe}
 * (a seeded shuffle, mean-grey blank frames), scored by the training accuracy reward (spec §4.2: exact letters,
 * numbers to 2 decimals, 1 − WER for text, ROUGE for sentences, relative error for regression).
 *
 * <p>An image is one frame: a shuffle leaves it as it is, a blank probe blanks it, so "blank" measures whether the
 * model looks at images as well as videos.
 */
public final class HeldOutEval {
  /** The probes the demo answers every question under, besides the true frames. */
  public static final List<FrameProbe> PROBES = List.of(FrameProbe.SHUFFLED, FrameProbe.BLANK);

  private HeldOutEval() {}

  /**
   * One question's result.
   *
   * @param temporal the record's "order decides the answer" flag (null when unknown)
   * @param text the question as the model reads it (problem and options), for the text-only baseline
   * @param accuracy accuracy reward under each probe, {@link FrameProbe#ORDERED} included
   * @param output the completion under each probe
   */
  public record Item(long problemId, String problemType, String dataSource, Boolean temporal, boolean video,
      String text, Map<FrameProbe, Double> accuracy, Map<FrameProbe, String> output) implements Serializable {
    /** The accuracy with the true frames. */
    public double ordered() {
      return accuracy.get(FrameProbe.ORDERED);
    }

    /** The accuracy under {@code p}. */
    public double under(FrameProbe p) {
      return accuracy.get(p);
    }
  }

  /**
   * How the answers are produced.
   *
   * @param style the prompt style the models were trained with
   * @param maxNewTokens greedy token budget
   * @param shuffleSeed seed of the shuffled-frames probe
   * @param threads engine threads of each answering task ({@code exec.threads})
   * @param requireGpu a task Spark assigned a GPU that the engine cannot open stops ({@code exec.require_gpu})
   */
  public record Settings(ModelSpec style, int maxNewTokens, long shuffleSeed, EngineThreads.Setting threads,
      boolean requireGpu) implements Serializable {
    /** The demo's settings, prompts in its style ({@code modelDir}: any of the models, for the spec). */
    public static Settings of(DemoConfig cfg, String modelDir) {
      return new Settings(new ModelSpec(modelDir, null, List.of(), cfg.promptStyle(), 2.0), cfg.evalMaxNewTokens(),
          cfg.shuffleSeed(), cfg.threadSetting(), cfg.requireGpu());
    }
  }

  /**
   * Answers every record of {@code test} with the model of {@code modelDir}, with the true frames and under every
   * probe of {@link #PROBES}.
   */
  public static List<Item> run(SparkSession spark, List<PromptMeta> test, String modelDir, Settings settings,
      String label) {
    return run(spark, test, modelDir, settings, PROBES, label);
  }

  /** The same under {@code probes} only (none: the true frames alone). */
  public static List<Item> run(SparkSession spark, List<PromptMeta> test, String modelDir, Settings settings,
      List<FrameProbe> probes, String label) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobDescription("demo: evaluate " + label + " on " + test.size() + " held-out records");
    SamplingParams greedy = SamplingParams.greedy(settings.maxNewTokens());
    ModelSpec style = settings.style();
    try {
      int parts = Math.max(1, Math.min(test.size(), jsc.defaultParallelism() * 4));
      HadoopConf hadoop = new HadoopConf(jsc.hadoopConfiguration());
      return jsc.parallelize(test, parts).map(m -> {
        EngineThreads.pin(settings.threads());
        VisionLanguageModel vlm = Answerer.model(modelDir, hadoop.get(), TaskDevice.forTask(settings.requireGpu()));
        byte[][] frames = FramesCache.frames(m, hadoop.get());
        Map<FrameProbe, Double> acc = new EnumMap<>(FrameProbe.class);
        Map<FrameProbe, String> out = new EnumMap<>(FrameProbe.class);
        Answerer.Answer ordered = Answerer.answer(vlm, m, frames, style, greedy, 0L, null);
        acc.put(FrameProbe.ORDERED, score(m, ordered));
        out.put(FrameProbe.ORDERED, ordered.output());
        for (FrameProbe p : probes) {
          byte[][] shown = p.apply(frames, settings.shuffleSeed(), m.problemId());
          // one frame cannot be reordered: the ordered answer stands (saves a generation per image)
          Answerer.Answer a = !m.video() && p != FrameProbe.BLANK ? ordered
              : Answerer.answer(vlm, m, shown, style, greedy, 0L, null);
          acc.put(p, score(m, a));
          out.put(p, a.output());
        }
        return new Item(m.problemId(), m.problemType(), m.dataSource(), m.temporal(), m.video(), text(m), acc, out);
      }).collect();
    } finally {
      jsc.setJobDescription(null);
    }
  }

  /** The question as the model reads it: problem, type and options (the key of the text-only baseline). */
  static String text(PromptMeta m) {
    return m.problemType() + "\n" + m.problem() + "\n" + String.join("\n", m.options());
  }

  static double score(PromptMeta m, Answerer.Answer a) {
    return AccuracyReward.score(m.type(), a.output(), m.solution(), m.options(), RewardOptions.defaults());
  }
}
