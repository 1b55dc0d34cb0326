package io.videor1.demo;

import io.videor1.exec.HadoopConf;
import io.videor1.exec.TaskDevice;
import io.videor1.ml.Answerer;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.generate.SamplingParams;
import io.videor1.reward.AccuracyReward;
import io.videor1.reward.RewardOptions;
import io.videor1.train.FramesCache;
import io.videor1.train.ModelSpec;
import io.videor1.train.PromptMeta;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Greedy evaluation of a model on held-out curated records, with the true frame order and with a seeded shuffle of
 * the frames, scored by the training accuracy reward (spec §4.2: exact letters, numbers to 2 decimals, 1 − WER for
 * text, ROUGE for sentences, relative error for regression).
 */
public final class HeldOutEval {
  private HeldOutEval() {}

  /**
   * One question's result.
   *
   * @param temporal the record's "order decides the answer" flag (null when unknown)
   * @param accuracy accuracy reward with the true frames
   * @param accuracyShuffled accuracy reward with shuffled frames (images: the same as {@code accuracy})
   */
  public record Item(long problemId, String problemType, String dataSource, Boolean temporal, boolean video,
      double accuracy, double accuracyShuffled, String output, String outputShuffled) implements Serializable {}

  /** Answers every record of {@code test} with the model of {@code modelDir}. */
  public static List<Item> run(SparkSession spark, List<PromptMeta> test, String modelDir, ModelSpec style,
      int maxNewTokens, long shuffleSeed, String label) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    jsc.setJobDescription("demo: evaluate " + label + " on " + test.size() + " held-out records");
    SamplingParams greedy = SamplingParams.greedy(maxNewTokens);
    try {
      int parts = Math.max(1, Math.min(test.size(), jsc.defaultParallelism() * 4));
      HadoopConf hadoop = new HadoopConf(jsc.hadoopConfiguration());
      return jsc.parallelize(test, parts).map(m -> {
        VisionLanguageModel vlm = Answerer.model(modelDir, hadoop.get(), TaskDevice.forTask());
        byte[][] frames = FramesCache.frames(m, hadoop.get());
        Answerer.Answer a = Answerer.answer(vlm, m, frames, style, greedy, 0L, null);
        Answerer.Answer s = m.video() ? Answerer.answer(vlm, m, frames, style, greedy, 0L, shuffleSeed) : a;
        return new Item(m.problemId(), m.problemType(), m.dataSource(), m.temporal(), m.video(), score(m, a),
            score(m, s), a.output(), s.output());
      }).collect();
    } finally {
      jsc.setJobDescription(null);
    }
  }

  static double score(PromptMeta m, Answerer.Answer a) {
    return AccuracyReward.score(m.type(), a.output(), m.solution(), m.options(), RewardOptions.defaults());
  }
}
