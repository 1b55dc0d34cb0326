package io.videor1.eval;

import com.typesafe.config.Config;
import io.videor1.model.generate.SamplingParams;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/** The resolved configuration of {@code videor1 eval}. */
public record EvalConfig(
    String bench,
    String mediaRoot,
    String model,
    String out,
    int frames,
    String benchmark,
    double temperature,
    double topP,
    int maxNewTokens,
    boolean greedy,
    boolean passSampleFps,
    long seed,
    int questionsPerTask,
    int progressIntervalSeconds)
    implements Serializable {

  public EvalConfig {
    require(!bench.isBlank(), "eval.bench", "a benchmark file (--bench)");
    require(!mediaRoot.isBlank(), "eval.media_root", "a media directory (--media-root)");
    require(!model.isBlank(), "eval.model", "a model directory (--model)");
    require(!out.isBlank(), "eval.out", "an output directory (--out)");
    require(List.of(16, 32, 64).contains(frames), "eval.frames", "16, 32 or 64, got " + frames);
    require(temperature > 0 || greedy, "eval.temperature", "> 0 unless eval.greedy, got " + temperature);
    require(topP > 0 && topP <= 1, "eval.top_p", "in (0, 1], got " + topP);
    require(maxNewTokens >= 1 && maxNewTokens <= 32768, "eval.max_new_tokens", "1 to 32768, got " + maxNewTokens);
    require(questionsPerTask >= 1, "eval.questions_per_task", ">= 1, got " + questionsPerTask);
    require(progressIntervalSeconds >= 0, "eval.progress_interval_s", ">= 0, got " + progressIntervalSeconds);
  }

  private static void require(boolean ok, String key, String allowed) {
    if (!ok) {
      throw new IllegalArgumentException(key + " must be " + allowed);
    }
  }

  public static EvalConfig from(Config c) {
    Config k = c.getConfig("eval");
    return new EvalConfig(
        k.getString("bench"), k.getString("media_root"), k.getString("model"), k.getString("out"), k.getInt("frames"),
        k.getString("benchmark"), k.getDouble("temperature"), k.getDouble("top_p"), k.getInt("max_new_tokens"),
        k.getBoolean("greedy"), k.getBoolean("pass_sample_fps"), k.getLong("seed"), k.getInt("questions_per_task"),
        k.getInt("progress_interval_s"));
  }

  /** The sampling the answers are generated with. */
  public SamplingParams sampling() {
    return greedy
        ? SamplingParams.greedy(maxNewTokens)
        : new SamplingParams(temperature, topP, 0, maxNewTokens, false, List.of(), List.of());
  }

  /** The benchmark's name: {@link #benchmark()}, or the file name without {@code eval_} and extension. */
  public String benchmarkName() {
    if (!benchmark.equals("auto")) {
      return benchmark;
    }
    String name = bench.substring(bench.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    name = name.replaceFirst("\\.(jsonl?|json)$", "").replaceFirst("^eval_", "");
    return name.isEmpty() ? "benchmark" : name;
  }

  /** What decides an answer besides the model: a re-run with the same settings skips answered questions. */
  public String settingsKey() {
    return "frames=" + frames + ",sampling=" + sampling() + ",fps=" + (passSampleFps ? "sample" : "2.0") + ",seed=" + seed
        + ",prompt=eval";
  }
}
