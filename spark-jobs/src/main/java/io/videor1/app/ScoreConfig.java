package io.videor1.app;

import com.typesafe.config.Config;
import io.videor1.reward.RewardOptions;
import java.util.Locale;

/** The resolved configuration of {@code videor1 score}. */
record ScoreConfig(String in, String out, String benchmark, RewardOptions rewards) {
  ScoreConfig {
    if (in.isBlank()) {
      throw new IllegalArgumentException("score.in must be an input file (--in)");
    }
    if (out.isBlank()) {
      throw new IllegalArgumentException("score.out must be an output directory (--out)");
    }
  }

  static ScoreConfig from(Config c) {
    Config k = c.getConfig("score");
    String agg = k.getString("vsi_aggregation");
    RewardOptions.VsiAggregation vsi;
    try {
      vsi = RewardOptions.VsiAggregation.valueOf(agg.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "score.vsi_aggregation must be mean_of_acc_and_mra or per_task_mean, got '" + agg + "'");
    }
    RewardOptions opts =
        new RewardOptions(
            k.getBoolean("numerical_decimal_flag"),
            k.getBoolean("choice_normalize"),
            k.getBoolean("regression_epsilon_in_numerator"),
            k.getBoolean("regression_nan_as_exact"),
            k.getBoolean("eval_fallback_to_raw_output"),
            k.getBoolean("eval_scores_text_types"),
            k.getBoolean("problem_type_from_first_in_batch"),
            vsi);
    return new ScoreConfig(k.getString("in"), k.getString("out"), k.getString("benchmark"), opts);
  }
}
