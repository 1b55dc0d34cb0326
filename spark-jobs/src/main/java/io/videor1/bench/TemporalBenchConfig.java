package io.videor1.bench;

import com.typesafe.config.Config;
import io.videor1.exec.EngineThreads;
import io.videor1.exec.TaskDevice;
import io.videor1.prompt.PromptStyle;
import io.videor1.rl.TemporalMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The resolved configuration of {@code videor1 bench temporal} (conf/bench_temporal.conf): where, which modes, the RL
 * budget of one run, the evaluation and the analysis.
 */
public record TemporalBenchConfig(String out, String model, String frames, String testFrames, String archive,
    List<String> modes,
    int steps, int promptsPerStep, int generations, double lr, double beta, int maxNewTokens, double temperature,
    int checkpointEvery, PromptStyle promptStyle, int partitions, List<String> trainSets, int evalMaxNewTokens,
    int evalQuestions, long shuffleSeed, int bootstrapResamples, long bootstrapSeed, int signFlipDraws,
    long signFlipSeed, double effect, double alpha, double power, int threads, boolean requireGpu) {

  /** The arm without the temporal objective. */
  public static final String GRPO = "grpo";
  /** The control: GRPO weighted per prompt by its measured order dependence. */
  public static final String CONTROL = "prompt_weight";
  /** The fractions of a run's steps at which it is evaluated (pre-registered: docs/training.md). */
  public static final double[] EVAL_FRACTIONS = {0.6, 0.8, 1.0};

  public TemporalBenchConfig {
    require(!out.isBlank(), "bench_temporal.out must be an output directory (--out)");
    boolean given = !model.isBlank();
    require(given == !frames.isBlank() && given == !testFrames.isBlank(), "bench_temporal.model, frames and "
        + "test_frames (--model, --frames, --test-frames) go together: all three, or none to build them under --out");
    require(!modes.isEmpty(), "bench_temporal.modes must name at least one mode");
    for (String m : modes) {
      if (!m.equals(GRPO)) {
        TemporalMode.of(m, "bench_temporal.modes"); // names the allowed modes when it is not one
      }
    }
    require(modes.stream().distinct().count() == modes.size(), "bench_temporal.modes repeats a mode: " + modes);
    require(steps >= 5, "bench_temporal.steps must be >= 5, so that 60%, 80% and 100% are distinct steps (got "
        + steps + ")");
    require(promptsPerStep >= 1 && generations >= 2, "bench_temporal.prompts_per_step must be >= 1 and generations "
        + ">= 2");
    require(maxNewTokens >= 1 && evalMaxNewTokens >= 1, "bench_temporal.max_new_tokens and eval_max_new_tokens "
        + "must be >= 1");
    require(checkpointEvery >= 1, "bench_temporal.checkpoint_every must be >= 1 (got " + checkpointEvery + ")");
    require(partitions >= 1, "bench_temporal.partitions must be >= 1 (got " + partitions + ")");
    require(evalQuestions >= 0, "bench_temporal.eval_questions must be >= 0 (got " + evalQuestions + ")");
    require(bootstrapResamples >= 100, "bench_temporal.bootstrap_resamples must be >= 100");
    require(signFlipDraws >= 1000, "bench_temporal.sign_flip_draws must be >= 1000");
    require(effect > 0, "bench_temporal.effect must be > 0 (got " + effect + ")");
    require(alpha > 0 && alpha < 0.5 && power > 0.5 && power < 1, "bench_temporal.alpha must be in (0, 0.5) and "
        + "power in (0.5, 1)");
    new EngineThreads.Setting(threads); // validates
    modes = List.copyOf(modes);
    trainSets = List.copyOf(trainSets);
  }

  /** Maps the resolved HOCON (keys under {@code bench_temporal.}). */
  public static TemporalBenchConfig from(Config c) {
    Config k = c.getConfig("bench_temporal");
    return new TemporalBenchConfig(k.getString("out"), k.getString("model"), k.getString("frames"),
        k.getString("test_frames"), k.getString("archive").trim(), split(k.getString("modes"), ","), k.getInt("steps"), k.getInt("prompts_per_step"),
        k.getInt("generations"), k.getDouble("lr"), k.getDouble("beta"), k.getInt("max_new_tokens"),
        k.getDouble("temperature"), k.getInt("checkpoint_every"),
        PromptStyle.parse(k.getString("prompt_style"), "bench_temporal.prompt_style"), k.getInt("partitions"),
        split(k.getString("train_extra"), ";"), k.getInt("eval_max_new_tokens"), k.getInt("eval_questions"),
        k.getLong("shuffle_seed"), k.getInt("bootstrap_resamples"), k.getLong("bootstrap_seed"),
        k.getInt("sign_flip_draws"), k.getLong("sign_flip_seed"), k.getDouble("effect"), k.getDouble("alpha"),
        k.getDouble("power"), EngineThreads.Setting.from(c).threads(), TaskDevice.requireGpu(c));
  }

  /** Whether the SFT checkpoint and frames are built under {@code out} (none given). */
  public boolean prepares() {
    return model.isBlank();
  }

  /** The steps a run is evaluated at: round(0.6·steps), round(0.8·steps), steps. */
  public int[] evalSteps() {
    int[] s = new int[EVAL_FRACTIONS.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = (int) Math.round(EVAL_FRACTIONS[i] * steps);
    }
    return s;
  }

  /** The prompt style as conf/train.conf and conf/demo.conf spell it. */
  public String promptStyleSetting() {
    return promptStyle.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Overrides of conf/train.conf for one run: {@code mode} from {@code model} on {@code frames}, seeded {@code seed},
   * stopping after {@code stopAfter} (resumed from the run's newest checkpoint).
   */
  public List<String> trainOverrides(String mode, long seed, String model, String frames, String runOut,
      int stopAfter) {
    List<String> o = new ArrayList<>(List.of("train.preset=tiny", "train.frames=" + frames, "train.model=" + model,
        "train.out=" + runOut, "train.resume=true", "train.steps=" + steps, "train.stop_after=" + stopAfter,
        "train.prompts_per_step=" + promptsPerStep, "train.num_generations=" + generations, "train.lr=" + lr,
        "train.beta=" + beta, "train.max_new_tokens=" + maxNewTokens, "train.temperature=" + temperature,
        "train.seed=" + seed, "train.prompt_style=" + promptStyleSetting(), "train.checkpoint_every=" + checkpointEvery,
        "train.checkpoint_keep=2", "train.partitions=" + partitions, "exec.threads=" + threads,
        "exec.require_gpu=" + requireGpu));
    if (mode.equals(GRPO)) {
      o.add("train.temporal=false");
    } else {
      o.add("train.temporal=true");
      o.add("train.temporal_mode=" + mode);
    }
    o.addAll(trainSets);
    return o;
  }

  /**
   * What decides a run's numbers, for the check that a later invocation compares like with like (the seeds, the
   * modes and the analysis may change between invocations; these may not).
   */
  public Map<String, Object> fingerprint(String sftModel, String trainFrames, String testFramesDir) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("model", sftModel);
    f.put("frames", trainFrames);
    f.put("test_frames", testFramesDir);
    f.put("steps", steps);
    f.put("prompts_per_step", promptsPerStep);
    f.put("generations", generations);
    f.put("lr", lr);
    f.put("beta", beta);
    f.put("max_new_tokens", maxNewTokens);
    f.put("temperature", temperature);
    f.put("checkpoint_every", checkpointEvery);
    f.put("prompt_style", promptStyleSetting());
    f.put("partitions", partitions);
    f.put("train_extra", String.join(";", trainSets));
    f.put("eval_max_new_tokens", evalMaxNewTokens);
    f.put("eval_questions", evalQuestions);
    f.put("shuffle_seed", shuffleSeed);
    f.put("threads", threads);
    return f;
  }

  private static List<String> split(String s, String sep) {
    List<String> out = new ArrayList<>();
    for (String p : s.split(sep)) {
      if (!p.isBlank()) {
        out.add(p.trim());
      }
    }
    return out;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
