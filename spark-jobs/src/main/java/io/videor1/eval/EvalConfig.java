package io.videor1.eval;

import ai.djl.ndarray.types.DataType;
import com.typesafe.config.Config;
import io.videor1.conf.ConfigLoader;
import io.videor1.exec.ComputeDtype;
import io.videor1.exec.EngineThreads;
import io.videor1.exec.FrameProbe;
import io.videor1.exec.TaskDevice;
import io.videor1.model.generate.SamplingParams;
import io.videor1.prompt.PromptStyle;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The resolved configuration of {@code videor1 eval}.
 *
 * @param curatePreset the curation preset the benchmark's media is sampled with (conf/curate.conf's presets)
 * @param probes the frame probes every video question is answered under besides the ordered frames
 * @param promptStyle auto (the model's run record, else video_r1), video_r1, short or short_question_last
 * @param threads the engine's intra-op threads in each answering task ({@code exec.threads}; 0: the task's CPUs)
 * @param requireGpu an answering task Spark assigned a GPU that the engine cannot open stops instead of running on
 *     the CPU ({@code exec.require_gpu})
 * @param promptsPerBatch answers of a task decoded together in one batch (1: one at a time)
 * @param computeDtype what the answering tasks hold the model and compute in ({@code eval.compute_dtype})
 */
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
    int progressIntervalSeconds,
    String curatePreset,
    List<FrameProbe> probes,
    String promptStyle,
    int threads,
    boolean requireGpu,
    int promptsPerBatch,
    DataType computeDtype)
    implements Serializable {

  public EvalConfig {
    probes = List.copyOf(probes);
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
    require(promptsPerBatch >= 1, "eval.prompts_per_batch", ">= 1, got " + promptsPerBatch);
    // the presets are curate.conf's own, so a preset added there is usable here without a change
    Set<String> presets = ConfigLoader.defaults("curate").getConfig("presets").root().keySet();
    require(presets.contains(curatePreset), "eval.curate_preset", "one of " + new java.util.TreeSet<>(presets) + ", got '"
        + curatePreset + "'");
    require(List.of("auto", "video_r1", "short", "short_question_last").contains(promptStyle),
        "eval.prompt_style", "auto, video_r1, short or short_question_last, got '" + promptStyle + "'");
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
        k.getInt("progress_interval_s"), k.getString("curate_preset"),
        FrameProbe.parseList(k.getString("probes"), "eval.probes"), k.getString("prompt_style").trim().toLowerCase(Locale.ROOT),
        EngineThreads.Setting.from(c).threads(), TaskDevice.requireGpu(c), k.getInt("prompts_per_batch"),
        ComputeDtype.parse(k.getString("compute_dtype"), "eval.compute_dtype"));
  }

  /** The engine thread setting of the answering tasks. */
  public EngineThreads.Setting threadSetting() {
    return new EngineThreads.Setting(threads);
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

  /**
   * What decides an answer besides the model and the probe: a re-run with the same settings skips answered questions.
   * The defaults (eval preset, the reference's evaluation prompt, one answer decoded at a time) give the key runs had
   * before presets, prompt styles and batches were settings, so their answers stay resumable; the probe seed is
   * {@link #seed}, already in the key. Batched answers carry {@code ,decode=batched}: they are the same whatever
   * {@link #promptsPerBatch} above 1, but may differ in the last bits from answers decoded one at a time.
   *
   * @param style the prompt style the answers are generated with (resolved from {@link #promptStyle})
   */
  public String settingsKey(PromptStyle style) {
    return "frames=" + frames + ",sampling=" + sampling() + ",fps=" + (passSampleFps ? "sample" : "2.0") + ",seed=" + seed
        + ",prompt=" + (style == PromptStyle.VIDEO_R1 ? "eval" : style.name().toLowerCase(Locale.ROOT))
        + (curatePreset.equals("eval") ? "" : ",curate=" + curatePreset) + (promptsPerBatch == 1 ? "" : ",decode=batched")
        + (computeDtype == DataType.FLOAT32 ? "" : ",dtype=" + ComputeDtype.name(computeDtype));
  }
}
