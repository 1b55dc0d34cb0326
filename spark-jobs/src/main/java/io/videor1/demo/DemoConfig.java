package io.videor1.demo;

import com.typesafe.config.Config;
import io.videor1.exec.EngineThreads;
import io.videor1.exec.TaskDevice;
import io.videor1.prompt.PromptStyle;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The resolved configuration of {@code videor1 demo} (conf/demo.conf): the knobs of the whole pipeline that the demo
 * explores. Each stage's own configuration is its job's file (conf/synth.conf, curate.conf with preset demo,
 * sft.conf and train.conf with preset tiny) with these values set over it, so every stage validates as its command
 * would.
 */
public record DemoConfig(String out, long seed, int trainSamples, int testSamples, int cotSentences, String model,
    PromptStyle promptStyle, int sftSteps, double sftLr, int sftBatchSize, SftGateConfig sftGate, int rlSteps, int rlPromptsPerStep,
    int rlGenerations, double rlLr, double rlBeta, int rlMaxNewTokens, double rlTemperature, int evalMaxNewTokens,
    long shuffleSeed, int partitions, int threads, boolean requireGpu, List<String> synthSets,
    List<String> curateSets, List<String> sftSets, List<String> trainSets) implements Serializable {

  /**
   * When the SFT cold start ends ({@link SftGate}).
   *
   * @param target validation accuracy that ends SFT before {@code sft_steps} (0: always all of them)
   * @param checkEvery SFT steps between validation checks
   * @param validation training records held out of SFT to check on
   */
  public record SftGateConfig(double target, int checkEvery, int validation) implements Serializable {
    public SftGateConfig {
      require(target >= 0 && target <= 1, "demo.sft_target_accuracy must be in [0, 1] (got " + target + ")");
      require(checkEvery >= 1, "demo.sft_check_every must be >= 1 (got " + checkEvery + ")");
      require(validation >= 0 && (target == 0 || validation >= 1), "demo.sft_validation must be >= 1 when "
          + "demo.sft_target_accuracy is set (got " + validation + ")");
    }
  }

  public DemoConfig {
    require(!out.isBlank(), "demo.out must be an output directory (--out)");
    require(trainSamples >= 8, "demo.train_samples must be >= 8 (got " + trainSamples + ")");
    require(testSamples >= 1, "demo.test_samples must be >= 1 (got " + testSamples + ")");
    require(sftSteps >= 1 && rlSteps >= 1, "demo.sft_steps and demo.rl_steps must be >= 1");
    require(evalMaxNewTokens >= 1, "demo.eval_max_new_tokens must be >= 1 (got " + evalMaxNewTokens + ")");
    require(partitions >= 1, "demo.partitions must be >= 1 (got " + partitions + ")");
    new EngineThreads.Setting(threads); // validates
    synthSets = List.copyOf(synthSets);
    curateSets = List.copyOf(curateSets);
    sftSets = List.copyOf(sftSets);
    trainSets = List.copyOf(trainSets);
  }

  /** Maps the resolved HOCON (keys under {@code demo.}). */
  public static DemoConfig from(Config c) {
    Config k = c.getConfig("demo");
    return new DemoConfig(k.getString("out"), k.getLong("seed"), k.getInt("train_samples"),
        k.getInt("test_samples"), k.getInt("cot_sentences"), k.getString("model"),
        PromptStyle.parse(k.getString("prompt_style"), "demo.prompt_style"), k.getInt("sft_steps"),
        k.getDouble("sft_lr"), k.getInt("sft_batch_size"), new SftGateConfig(k.getDouble("sft_target_accuracy"),
        k.getInt("sft_check_every"), k.getInt("sft_validation")), k.getInt("rl_steps"), k.getInt("rl_prompts_per_step"),
        k.getInt("rl_generations"), k.getDouble("rl_lr"), k.getDouble("rl_beta"), k.getInt("rl_max_new_tokens"),
        k.getDouble("rl_temperature"), k.getInt("eval_max_new_tokens"), k.getLong("shuffle_seed"),
        k.getInt("partitions"), EngineThreads.Setting.from(c).threads(), TaskDevice.requireGpu(c),
        split(k.getString("synth_extra")), split(k.getString("curate_extra")), split(k.getString("sft_extra")),
        split(k.getString("train_extra")));
  }

  /** Overrides of conf/sft.conf for the demo's SFT stage. */
  public List<String> sftOverrides(String frames, String cot, String sftOut) {
    List<String> o = new ArrayList<>(List.of("sft.preset=tiny", "sft.frames=" + frames, "sft.cot=" + cot,
        "sft.model=" + model, "sft.out=" + sftOut, "sft.resume=true", "sft.steps=" + sftSteps, "sft.lr=" + sftLr,
        "sft.batch_size=" + sftBatchSize, "sft.seed=" + seed, "sft.init_seed=" + seed,
        "sft.prompt_style=" + promptStyle.name().toLowerCase(java.util.Locale.ROOT), "sft.checkpoint_every=1000000",
        "sft.partitions=" + partitions, "exec.threads=" + threads, "exec.require_gpu=" + requireGpu));
    o.addAll(sftSets);
    return o;
  }

  /** Overrides of conf/train.conf for the demo's T-GRPO (temporal on) or GRPO (off) stage. */
  public List<String> trainOverrides(String frames, String sftModel, String runOut, boolean temporal) {
    return trainOverrides(frames, sftModel, runOut, temporal, seed);
  }

  /** The same with another seed of the RL run (sampling, shuffles and prompt order): {@code bench demo}. */
  public List<String> trainOverrides(String frames, String sftModel, String runOut, boolean temporal, long rlSeed) {
    List<String> o = new ArrayList<>(List.of("train.preset=tiny", "train.frames=" + frames, "train.model=" + sftModel,
        "train.out=" + runOut, "train.resume=true", "train.temporal=" + temporal, "train.steps=" + rlSteps,
        "train.prompts_per_step=" + rlPromptsPerStep, "train.num_generations=" + rlGenerations, "train.lr=" + rlLr,
        "train.beta=" + rlBeta, "train.max_new_tokens=" + rlMaxNewTokens, "train.temperature=" + rlTemperature,
        "train.seed=" + rlSeed, "train.prompt_style=" + promptStyle.name().toLowerCase(java.util.Locale.ROOT),
        "train.checkpoint_every=" + Math.max(1, rlSteps / 2), "train.partitions=" + partitions,
        "exec.threads=" + threads, "exec.require_gpu=" + requireGpu));
    o.addAll(trainSets);
    return o;
  }

  /** The engine thread setting of every model task of the demo. */
  public EngineThreads.Setting threadSetting() {
    return new EngineThreads.Setting(threads);
  }

  private static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    for (String p : s.split(";")) {
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
