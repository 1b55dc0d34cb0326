package io.videor1.train.grpo;

import com.typesafe.config.Config;
import io.videor1.model.generate.SamplingParams;
import io.videor1.model.io.SafeDType;
import io.videor1.model.logprob.GroupPass;
import io.videor1.prompt.PromptMeta;
import io.videor1.prompt.Prompts;
import io.videor1.reward.RewardOptions;
import io.videor1.rl.AggMode;
import io.videor1.rl.RlOptions;
import io.videor1.rl.StatsScope;
import io.videor1.rl.TemporalCredit;
import io.videor1.rl.TemporalMode;
import io.videor1.rl.TemporalModeOptions;
import io.videor1.train.run.ModelSpec;
import io.videor1.train.run.OptimConfig;
import io.videor1.train.run.RunOptions;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * The resolved configuration of {@code videor1 train} (conf/train.conf): T-GRPO (or GRPO with the temporal objective
 * off) from an SFT checkpoint. One immutable record, validated on construction with messages that name the key.
 *
 * @param frames the curated frames of the RL prompts (--frames)
 * @param spec the starting checkpoint (--model, the SFT model, also the frozen reference) and what trains
 * @param run output, steps, seed, checkpoints
 * @param optim AdamW, schedule, clipping
 * @param promptsPerStep B: prompts per rollout round (the reference: 4, one per GPU)
 * @param rolloutsPerUpdate rollout rounds of B prompts whose gradients are summed into one optimizer step (gradient
 *     accumulation across Spark jobs: B x rounds prompts per update, each job's task results bounded by B)
 * @param numGenerations G: ordered completions per prompt (the reference: 8; G/2 more on shuffled frames)
 * @param sampling rollout sampling (the reference: temperature 1, top-p 0.95, 768 tokens)
 * @param rl reward shaping, advantages and loss (temporal on/off, length control, β, shuffled share, dynamic
 *     sampling); statistics are always per group (spec §11.1)
 * @param rewards answer-scoring parity switches
 * @param checkpointDtype dtype of the checkpoints' {@code model/} weights, or null for the starting checkpoint's own
 *     ({@code auto})
 * @param maxPrompts use only the first N prompts in problem-id order (0: all)
 * @param rolloutPromptsPerBatch prompts of a task whose groups (ordered and shuffled) decode in one batch; 1 decodes
 *     each group alone, as rollouts always did
 * @param logprobBuckets run the plain teacher-forced passes in buckets of similar completion length instead of padding
 *     every completion to its group's longest (the same log-probs within fp32 rounding, not bit for bit)
 * @param logprobPass how the log-prob passes bound their activation memory: completions per micro-batch and
 *     recomputation ({@code logprob_micro_batch}, {@code recompute}); the plain pass by default
 */
public record TGrpoConfig(String frames, ModelSpec spec, RunOptions run, OptimConfig optim, int promptsPerStep,
    int rolloutsPerUpdate, int numGenerations, SamplingParams sampling, RlOptions rl, RewardOptions rewards,
    SafeDType checkpointDtype, int maxPrompts, int rolloutPromptsPerBatch, boolean logprobBuckets,
    GroupPass.Options logprobPass) implements Serializable {

  public TGrpoConfig {
    require(!frames.isBlank(), "train.frames must be a curated frames directory (--frames)");
    require(promptsPerStep >= 1, "train.prompts_per_step must be >= 1 (got " + promptsPerStep + ")");
    require(rolloutsPerUpdate >= 1, "train.rollouts_per_update must be >= 1 (got " + rolloutsPerUpdate + ")");
    require(numGenerations >= 1, "train.num_generations must be >= 1 (got " + numGenerations + ")");
    require(maxPrompts >= 0, "train.max_prompts must be >= 0 (got " + maxPrompts + ")");
    require(rolloutPromptsPerBatch >= 1, "train.rollout_prompts_per_batch must be >= 1 (got " + rolloutPromptsPerBatch
        + ")");
    require(!logprobPass.recompute() || spec.lora() == null || spec.lora().dropout() == 0, "train.recompute needs "
        + "train.lora_dropout = 0: the recomputed layer would draw other dropout masks (DJL cannot restore torch's "
        + "generator state)");
    require(!logprobBuckets || logprobPass.equals(GroupPass.Options.plain()), "train.logprob_buckets applies to the "
        + "plain pass: set train.logprob_micro_batch = 0 and train.recompute = false with it");
    require(!rl.temporalMode().mode().policyContrast() || logprobPass.equals(GroupPass.Options.plain()),
        "train.temporal_mode = contrast_kl runs on the plain pass: set train.logprob_micro_batch = 0 and "
        + "train.recompute = false");
    require(sampling.maxNewTokens() >= 1, "train.max_new_tokens must be >= 1 (got " + sampling.maxNewTokens() + ")");
    require(optim.warmupSteps() <= run.steps(), "train.warmup_steps must not exceed train.steps (got "
        + optim.warmupSteps() + " > " + run.steps() + ")");
  }

  /** Maps the resolved HOCON (keys under {@code train.}). */
  public static TGrpoConfig from(Config c) {
    Config k = c.getConfig("train");
    String model = k.getString("model");
    require(!model.isBlank(), "train.model must be a checkpoint directory, usually the SFT model (--model)");
    double temperature = k.getDouble("temperature");
    require(temperature > 0, "train.temperature must be > 0 (got " + temperature + ")");
    double topP = k.getDouble("top_p");
    require(topP > 0 && topP <= 1, "train.top_p must be in (0, 1] (got " + topP + ")");
    int topK = k.getInt("top_k");
    require(topK >= 0, "train.top_k must be >= 0 (got " + topK + ")");
    SamplingParams sampling = new SamplingParams(temperature, topP, topK, k.getInt("max_new_tokens"), false,
        List.of(), List.of());
    RlOptions rl;
    try {
      rl = RlOptions.builder()
          .optTemporal(k.getBoolean("temporal"))
          .optTemporalMu(k.getDouble("temporal_mu"))
          .optTemporalAlpha(k.getDouble("temporal_alpha"))
          .optCorrectThreshold(k.getDouble("correct_threshold"))
          .optShuffledShare(k.getDouble("shuffled_share"))
          .optStatsScope(StatsScope.PER_GROUP)
          .optLengthControl(k.getBoolean("length_control"))
          .optLengthMin(k.getInt("length_min"))
          .optLengthMax(k.getInt("length_max"))
          .optLengthBonus(k.getDouble("length_bonus"))
          .optLengthMinCorrect(k.getInt("length_min_correct"))
          .optBeta(k.getDouble("beta"))
          .optKlClamp(k.getDouble("kl_clamp"))
          .optAdvantageEpsilon(k.getDouble("advantage_epsilon"))
          .optScaleAdvantageByStd(k.getBoolean("scale_advantage_by_std"))
          .optClipLow(0.2)
          .optClipHigh(0.2)
          .optAggMode(aggMode(k.getString("loss_aggregation")))
          .optMaxCompletionLength(k.getInt("max_new_tokens"))
          .optDynamicSampling(k.getBoolean("dynamic_sampling"))
          .optTemporalMode(new TemporalModeOptions(TemporalMode.of(k.getString("temporal_mode"), "train.temporal_mode"),
              k.getDouble("prompt_weight_floor"), k.getDouble("temporal_lambda"), k.getDouble("key_token_fraction"),
              k.getDouble("contrast_gamma"), k.getDouble("contrast_entropy_guard"), k.getString("contrast_estimator"),
              k.getString("contrast_tokens")))
          .build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().replace("rl.", "train.").replaceAll("([a-z])([A-Z])",
          "$1_$2").toLowerCase(Locale.ROOT));
    }
    RewardOptions rewards = k.getBoolean("reward_fixes") ? RewardOptions.fixed() : RewardOptions.defaults();
    return new TGrpoConfig(k.getString("frames"), ModelSpec.from(k, "train", model), RunOptions.from(c, "train"),
        OptimConfig.from(c, "train"), k.getInt("prompts_per_step"), k.getInt("rollouts_per_update"),
        k.getInt("num_generations"), sampling, rl,
        rewards, RunOptions.checkpointDtype(k.getString("checkpoint_dtype"), "train.checkpoint_dtype"), k.getInt("max_prompts"),
        k.getInt("rollout_prompts_per_batch"), k.getBoolean("logprob_buckets"), logprobPass(k));
  }

  /** Prompts per optimizer step: B x rollout rounds. */
  public int promptsPerUpdate() {
    return promptsPerStep * rolloutsPerUpdate;
  }

  /**
   * G̃: completions on shuffled frames per video prompt when the temporal objective is on and its mode reads p̃
   * ({@link TemporalMode#shuffledRollouts()}); 0 for the modes that score on shuffled frames by teacher forcing.
   */
  public int numShuffled() {
    return rl.temporal() && temporalMode().shuffledRollouts() ? rl.numShuffled(numGenerations) : 0;
  }

  /** The temporal objective's mode ({@code train.temporal_mode}). */
  public TemporalMode temporalMode() {
    return rl.temporalMode().mode();
  }

  /**
   * Whether prompt {@code m}'s ordered completions are scored on its shuffled frames without sampling on them: a
   * teacher-forced order pass ({@link TemporalMode#orderPass()}) or the contrast-KL pass of the policy.
   */
  public boolean shuffledPass(PromptMeta m) {
    return rl.temporal() && temporalMode().shuffledPass() && TemporalCredit.ordersMatter(m.video(), m.temporal());
  }

  /** A copy with the temporal objective on (T-GRPO, in the configured mode) or off (GRPO, the mode reset). */
  public TGrpoConfig withTemporal(boolean on) {
    RlOptions.Builder b = rl.toBuilder().optTemporal(on);
    if (!on) {
      b.optTemporalMode(rl.temporalMode().withMode(TemporalMode.REFERENCE));
    }
    return new TGrpoConfig(frames, spec, run, optim, promptsPerStep, rolloutsPerUpdate, numGenerations, sampling,
        b.build(), rewards, checkpointDtype, maxPrompts, rolloutPromptsPerBatch, logprobBuckets, logprobPass);
  }

  /** A copy with the temporal objective on in mode {@code mode} (the other temporal settings kept). */
  public TGrpoConfig withTemporalMode(TemporalMode mode) {
    RlOptions r = rl.toBuilder().optTemporal(true).optTemporalMode(rl.temporalMode().withMode(mode)).build();
    return new TGrpoConfig(frames, spec, run, optim, promptsPerStep, rolloutsPerUpdate, numGenerations, sampling, r,
        rewards, checkpointDtype, maxPrompts, rolloutPromptsPerBatch, logprobBuckets, logprobPass);
  }

  /** A copy with other run options. */
  public TGrpoConfig withRun(RunOptions r) {
    return new TGrpoConfig(frames, spec, r, optim, promptsPerStep, rolloutsPerUpdate, numGenerations, sampling, rl,
        rewards, checkpointDtype, maxPrompts, rolloutPromptsPerBatch, logprobBuckets, logprobPass);
  }

  /** A copy reading prompts from another frames directory. */
  public TGrpoConfig withFrames(String dir) {
    return new TGrpoConfig(dir, spec, run, optim, promptsPerStep, rolloutsPerUpdate, numGenerations, sampling, rl,
        rewards, checkpointDtype, maxPrompts, rolloutPromptsPerBatch, logprobBuckets, logprobPass);
  }

  private static GroupPass.Options logprobPass(Config k) {
    int micro = k.getInt("logprob_micro_batch");
    require(micro >= 0, "train.logprob_micro_batch must be >= 0 (got " + micro + ")");
    return new GroupPass.Options(micro, k.getBoolean("recompute"));
  }

  static AggMode aggMode(String s) {
    try {
      return AggMode.valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("train.loss_aggregation must be seq_mean_token_mean, token_mean or "
          + "fixed_length (got '" + s + "')");
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
