package io.videor1.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.conf.ConfigError;
import io.videor1.conf.ConfigLoader;
import io.videor1.prompt.PromptStyle;
import io.videor1.train.grpo.TGrpoConfig;
import io.videor1.train.sft.SftConfig;
import io.videor1.train.sft.SftExample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** conf/sft.conf and conf/train.conf resolve to validated records; errors name the key. */
class TrainConfigTest {
  private static TGrpoConfig train(String... sets) {
    List<String> all = new ArrayList<>(List.of("train.frames=f", "train.model=m", "train.out=o"));
    all.addAll(List.of(sets));
    return ConfigLoader.load("train", all, TGrpoConfig::from);
  }

  private static String error(Runnable r) {
    return assertThrows(ConfigError.class, r::run).getMessage();
  }

  @Test
  void defaultsAreTheReferenceValues() {
    TGrpoConfig c = train();
    assertEquals(8, c.numGenerations());
    assertEquals(4, c.numShuffled());
    assertEquals(4, c.promptsPerStep());
    assertEquals(0.04, c.rl().beta());
    assertEquals(1e-6, c.optim().lr());
    assertEquals(0.01, c.optim().adam().weightDecay());
    assertEquals(5.0, c.optim().maxGradNorm());
    assertEquals(768, c.sampling().maxNewTokens());
    assertEquals(0.95, c.sampling().topP());
    assertTrue(c.rl().temporal() && c.rl().lengthControl());
    assertEquals(PromptStyle.VIDEO_R1, c.spec().promptStyle());
    assertEquals(0, train("train.temporal=false").numShuffled());
    assertEquals(6, train("train.num_generations=12", "train.shuffled_share=0.5").numShuffled());
    assertTrue(train("train.lora=true", "train.lora_r=8").spec().lora() != null);
    assertEquals(1, c.rolloutPromptsPerBatch(), "each group decodes alone, the shapes rollouts always had");
    assertEquals(4, train("train.rollout_prompts_per_batch=4").rolloutPromptsPerBatch());
    assertTrue(!c.logprobBuckets() && train("train.logprob_buckets=true").logprobBuckets(), "padded passes by default");
  }

  @Test
  void memoryAndPrecisionSettings() {
    TGrpoConfig c = train();
    assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, c.spec().computeDtype());
    assertTrue(c.logprobPass().plainFor(c.numGenerations()), "the plain pass by default");
    assertEquals(65536.0, c.optim().lossScaling().initScale());
    assertEquals(ai.djl.ndarray.types.DataType.FLOAT16, train("train.compute_dtype=f16").spec().computeDtype());
    assertEquals(new io.videor1.model.logprob.GroupPass.Options(2, true),
        train("train.logprob_micro_batch=2", "train.recompute=true").logprobPass());
    assertTrue(error(() -> train("train.compute_dtype=bf16")).contains("train.compute_dtype"));
    assertTrue(error(() -> train("train.logprob_micro_batch=-1")).contains("train.logprob_micro_batch"));
    assertTrue(error(() -> train("train.loss_scale_backoff=2")).contains("train.loss_scale"));
    assertTrue(error(() -> train("train.recompute=true", "train.lora=true", "train.lora_dropout=0.1"))
        .contains("train.recompute needs train.lora_dropout = 0"));
  }

  @Test
  void temporalModesDecideTheShuffledRolloutsAndTheirSettingsAreChecked() {
    TGrpoConfig c = train();
    assertEquals(io.videor1.rl.TemporalModeOptions.reference(), c.rl().temporalMode(), "the published objective");
    assertEquals(4, train("train.temporal_mode=prompt_weight").numShuffled(), "the control reads p~");
    TGrpoConfig lr = train("train.temporal_mode=likelihood_ratio", "train.temporal_lambda=0.5");
    assertEquals(0, lr.numShuffled(), "a teacher-forced pass instead of shuffled rollouts");
    assertEquals(0.5, lr.rl().temporalMode().lambda());
    assertEquals(0, train("train.temporal_mode=key_tokens").numShuffled());
    TGrpoConfig ckl = train("train.temporal_mode=contrast_kl", "train.contrast_gamma=0.1");
    assertEquals(0, ckl.numShuffled());
    assertEquals(0.1, ckl.rl().temporalMode().contrastGamma());
    assertTrue(error(() -> train("train.temporal_mode=contrast_kl", "train.logprob_micro_batch=2"))
        .contains("contrast_kl runs on the plain pass"));
    assertTrue(error(() -> train("train.contrast_entropy_guard=0")).contains("train.contrast_entropy_guard"));
    assertEquals(io.videor1.rl.TemporalMode.REFERENCE, lr.withTemporal(false).temporalMode(), "GRPO: mode reset");
    assertTrue(error(() -> train("train.temporal_mode=order")).contains("train.temporal_mode must be reference"));
    assertTrue(error(() -> train("train.temporal_mode=key_tokens", "train.temporal=false"))
        .contains("train.temporal_mode key_tokens needs train.temporal = true"));
    assertTrue(error(() -> train("train.key_token_fraction=0")).contains("train.key_token_fraction"));
    assertTrue(error(() -> train("train.prompt_weight_floor=2")).contains("train.prompt_weight_floor"));
    assertTrue(error(() -> train("train.temporal_lambda=-1")).contains("train.temporal_lambda"));
  }

  @Test
  void optimThreadsIsZeroOrACountInBothJobs() {
    assertEquals(0, train().optim().threads(), "0: the driver's processors");
    assertEquals(3, train("optim.threads=3").optim().threads());
    assertTrue(error(() -> train("optim.threads=-1")).contains("optim.threads must be 0"));
    List<String> sft = List.of("sft.frames=f", "sft.out=o", "sft.model=random:tiny");
    assertEquals(2, ConfigLoader.load("sft", concat(sft, "optim.threads=2"), SftConfig::from).optim().threads());
    assertTrue(error(() -> ConfigLoader.load("sft", concat(sft, "optim.threads=-2"), SftConfig::from))
        .contains("optim.threads must be 0"));
  }

  @Test
  void checkpointDtypeDefaultsToTheStartingCheckpointsOwn() {
    assertEquals(null, train().checkpointDtype(), "auto: resolved against the starting checkpoint when written");
    assertEquals(io.videor1.model.io.SafeDType.BF16, train("train.checkpoint_dtype=bf16").checkpointDtype());
    assertTrue(error(() -> train("train.checkpoint_dtype=f8")).contains("train.checkpoint_dtype must be auto"));
  }

  private static List<String> concat(List<String> a, String b) {
    List<String> out = new ArrayList<>(a);
    out.add(b);
    return out;
  }

  @Test
  void errorsNameTheKey() {
    assertTrue(error(() -> train("train.num_generation=4")).contains("unknown configuration key"));
    assertTrue(error(() -> train("train.beta=-1")).contains("train.beta"));
    assertTrue(error(() -> train("train.shuffled_share=0")).contains("train.shuffled_share"));
    assertTrue(error(() -> train("train.lr_schedule=step")).contains("train.lr_schedule"));
    assertTrue(error(() -> train("train.prompt_style=long")).contains("train.prompt_style"));
    assertTrue(error(() -> train("train.stop_after=5000")).contains("train.stop_after"));
    assertTrue(error(() -> train("train.warmup_steps=2000")).contains("train.warmup_steps"));
    assertTrue(error(() -> train("train.loss_aggregation=sum")).contains("train.loss_aggregation"));
    assertTrue(error(() -> train("train.rollout_prompts_per_batch=0")).contains("train.rollout_prompts_per_batch"));
    assertTrue(error(() -> ConfigLoader.load("train", List.of("train.frames=f", "train.out=o"), TGrpoConfig::from))
        .contains("train.model"));
    assertTrue(error(() -> ConfigLoader.load("sft", List.of("sft.frames=f", "sft.out=o", "sft.model=random:tiny",
        "sft.loss_on=prompt"), SftConfig::from)).contains("sft.loss_on"));
    assertTrue(error(() -> ConfigLoader.load("sft", List.of("sft.frames=f", "sft.out=o", "sft.model=random:tiny",
        "sft.batch_size=0"), SftConfig::from)).contains("sft.batch_size"));
  }

  @Test
  void sftPresetTinyAndReferenceLoss() {
    SftConfig c = ConfigLoader.load("sft", List.of("sft.frames=f", "sft.out=o", "sft.model=random:tiny",
        "sft.preset=tiny", "sft.loss_on=all"), SftConfig::from);
    assertEquals(SftExample.LossOn.ALL, c.lossOn());
    assertEquals(PromptStyle.SHORT, c.spec().promptStyle());
    assertEquals(16, c.batchSize());
  }
}
