package io.videor1.train.grpo;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.videor1.exec.EngineFault;
import io.videor1.exec.EngineThreads;
import io.videor1.exec.ExecutorModels;
import io.videor1.exec.HadoopConf;
import io.videor1.exec.TaskDevice;
import io.videor1.model.VisionLanguageModel;
import io.videor1.model.generate.Completion;
import io.videor1.model.generate.Generator;
import io.videor1.model.generate.Seeds;
import io.videor1.model.logprob.AnswerContrast;
import io.videor1.model.logprob.AnswerSpan;
import io.videor1.model.logprob.GroupObjective;
import io.videor1.model.logprob.OrderGap;
import io.videor1.model.nn.Linear;
import io.videor1.model.params.ParamCodec;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.prompt.FrameShuffle;
import io.videor1.prompt.PromptMeta;
import io.videor1.prompt.Prompts;
import io.videor1.train.data.FramesCache;
import io.videor1.train.run.PolicyReplica;
import io.videor1.train.step.GradientAggregator;
import io.videor1.train.step.GradientHandoff;
import io.videor1.train.step.Gradients;
import io.videor1.train.step.StepKey;
import io.videor1.train.step.TaskPayload;
import io.videor1.train.step.WeightBroadcaster;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * The executor side of one T-GRPO step for a partition of prompts (spec §5.1): G completions on the ordered frames
 * and, for videos with the temporal objective on, G̃ on a seeded permutation of the same frames; rewards, the
 * group-local temporal and length bonuses and advantages ({@link GroupScoring}); then the policy gradient of the
 * objective with reference log-probs from the frozen starting model, summed over the partition's groups.
 *
 * <p>Generation runs without the autograd lock, so two tasks of one JVM sample concurrently; every
 * forward-and-backward holds {@link ExecutorModels#GRADIENTS}. Shuffled completions are only compared, never
 * trained on. A prompt whose input is bad is recorded as failed and the task goes on; the engine failing (out of
 * memory included) fails the task with the model, the batch and the memory in its message ({@link EngineFault}).
 */
public final class RolloutTask implements Serializable {
  /** Salt of the shuffled group's sampling seeds, so they never repeat an ordered sample's stream. */
  static final long SHUFFLED_SALT = 0x53484F52L;

  private final String runKey;
  private final TGrpoConfig cfg;
  private final int step;
  private final Broadcast<WeightBroadcaster.Snapshot> weights;
  private final String handoffJob;
  private final HadoopConf hadoop;
  private final float lossScale;

  /**
   * @param handoffJob the {@link GradientHandoff} job of this step's Spark job (local mode), or null to send
   *     gradients as task results
   * @param hadoop the driver's Hadoop configuration, through which the models and frames are read
   * @param lossScale the factor of the loss before backward (float16 executors' dynamic loss scale; 1: none)
   */
  public RolloutTask(String runKey, TGrpoConfig cfg, int step, Broadcast<WeightBroadcaster.Snapshot> weights,
      String handoffJob, HadoopConf hadoop, float lossScale) {
    this.hadoop = hadoop;
    this.lossScale = lossScale;
    this.runKey = runKey;
    this.cfg = cfg;
    this.step = step;
    this.weights = weights;
    this.handoffJob = handoffJob;
  }

  /**
   * One prompt's sampled completions, with its shuffled-frame inputs when a teacher-forced order pass scores them
   * or the contrast-KL pass reads them ({@link TGrpoConfig#shuffledPass}; null otherwise).
   */
  record Sampled(Tuple2<Integer, PromptMeta> prompt, ModelInputs inputs, List<Completion> ordered,
      List<Completion> shuffled, String failure, ModelInputs shuffledInputs) {
    Sampled(Tuple2<Integer, PromptMeta> prompt, ModelInputs inputs, List<Completion> ordered,
        List<Completion> shuffled, String failure) {
      this(prompt, inputs, ordered, shuffled, failure, null);
    }
  }

  /** Runs on one partition of (batch position, prompt) pairs. */
  public Iterator<Tuple2<StepKey, TaskPayload>> call(int partition, Iterator<Tuple2<Integer, PromptMeta>> prompts)
      throws Exception {
    return run(partition, prompts, weights.value());
  }

  /** The task's work with the step's weights in hand, on this JVM's replica of the run. */
  public Iterator<Tuple2<StepKey, TaskPayload>> run(int partition, Iterator<Tuple2<Integer, PromptMeta>> prompts,
      WeightBroadcaster.Snapshot w) throws Exception {
    return run(partition, prompts, w, null);
  }

  /**
   * The task's work on {@code own} replica (what the benchmark runs without Spark, beside a Spark run that keeps
   * this JVM's replica), or on this JVM's replica of the run when {@code own} is null.
   */
  public Iterator<Tuple2<StepKey, TaskPayload>> run(int partition, Iterator<Tuple2<Integer, PromptMeta>> prompts,
      WeightBroadcaster.Snapshot w, PolicyReplica own) throws Exception {
    long t0 = System.nanoTime();
    int threads = EngineThreads.pin(cfg.run().threadSetting());
    Device device = own == null ? TaskDevice.forTask(cfg.run().requireGpu()) : own.device();
    PolicyReplica policy = own == null
        ? PolicyReplica.forRun(runKey, cfg.spec(), w.version(), w, hadoop.get(), device) : own;
    if (own != null) {
      own.sync(w.version(), w);
    }
    List<Sampled> sampled = new ArrayList<>();
    List<Tuple2<Integer, PromptMeta>> batch = new ArrayList<>();
    while (prompts.hasNext()) {
      if (cfg.rolloutPromptsPerBatch() == 1) {
        sampled.add(sample(policy.vlm(), prompts.next(), device));
        continue;
      }
      batch.add(prompts.next());
      if (batch.size() == cfg.rolloutPromptsPerBatch() || !prompts.hasNext()) {
        sampled.addAll(BatchedRollout.sample(this, policy.vlm(), batch, device));
        batch.clear();
      }
    }
    long t1 = System.nanoTime();
    List<double[][]> gaps = new ArrayList<>();
    for (Sampled s : sampled) {
      gaps.add(orderGaps(policy.vlm(), s, device));
    }
    long tGaps = System.nanoTime();
    List<GroupScoring.Scored> scored = new ArrayList<>();
    for (int i = 0; i < sampled.size(); i++) {
      scored.add(GroupScoring.score(sampled.get(i), gaps.get(i), cfg, step, w.version()));
    }
    long t2 = System.nanoTime();
    List<PromptResult> results = new ArrayList<>();
    Map<String, float[]> grads = gradients(policy, scored, results, device);
    long t3 = System.nanoTime();
    PromptResult.TaskSummary summary = new PromptResult.TaskSummary(results, (t1 - t0) / 1e9, (t2 - tGaps) / 1e9,
        (t3 - t2) / 1e9, (t3 - t0) / 1e9, threads, cfg.temporalMode().orderPass() ? (tGaps - t1) / 1e9 : Double.NaN);
    return GradientAggregator.emit(partition, grads, summary, cfg.run().gradientChunk(), handoffJob);
  }

  /**
   * One prompt's completions, its ordered and shuffled groups decoded one after the other. Bad input (frames that do
   * not decode, a prompt the processor refuses) is recorded as the prompt's failure and the task goes on; the engine
   * failing (out of memory, a CUDA error) fails the task ({@link EngineFault}).
   */
  Sampled sample(VisionLanguageModel vlm, Tuple2<Integer, PromptMeta> p, Device device) {
    Inputs in = inputs(vlm, p, device);
    if (in.failure() != null) {
      return new Sampled(p, null, List.of(), List.of(), in.failure());
    }
    PromptMeta m = p._2();
    try {
      EngineFault.beforeGeneration();
      List<Completion> ordered = vlm.generate(in.ordered(), cfg.numGenerations(), cfg.sampling(), orderedSeeds(m));
      List<Completion> shuffled = in.shuffled() == null || cfg.numShuffled() == 0 ? List.of()
          : vlm.generate(in.shuffled(), cfg.numShuffled(), cfg.sampling(), shuffledSeeds(m));
      return new Sampled(p, in.ordered(), ordered, shuffled, null, cfg.shuffledPass(m) ? in.shuffled() : null);
    } catch (Exception | OutOfMemoryError e) {
      EngineFault.rethrowIfEngine(e, rolloutCall(vlm, p, rolloutBatch(m, in.ordered(), in.frames()), device));
      return new Sampled(p, null, List.of(), List.of(), failure(e));
    }
  }

  /**
   * A prompt's model inputs: the ordered frames, and shuffled ones when its group has a shuffled part or its ordered
   * completions get an order pass (the same seeded permutation either way).
   */
  record Inputs(ModelInputs ordered, ModelInputs shuffled, int frames, String failure) {}

  /** The inputs of prompt {@code p}, or its failure when its frames or prompt are bad. */
  Inputs inputs(VisionLanguageModel vlm, Tuple2<Integer, PromptMeta> p, Device device) {
    PromptMeta m = p._2();
    ModelInputs in = null;
    int frameCount = -1;
    try {
      byte[][] frames = FramesCache.frames(m, hadoop.get());
      frameCount = frames.length;
      String text = cfg.spec().promptStyle().userText(m.question());
      in = Prompts.rl(vlm, m.input(frames, cfg.spec().promptFps()), text);
      ModelInputs sin = null;
      if (cfg.numShuffled() > 0 && m.video() || cfg.shuffledPass(m)) {
        int[] perm = FrameShuffle.permutation(cfg.run().seed(), step, m.problemId(), frames.length);
        sin = Prompts.rl(vlm, m.input(FrameShuffle.apply(frames, perm), cfg.spec().promptFps()), text);
      }
      return new Inputs(in, sin, frameCount, null);
    } catch (Exception | OutOfMemoryError e) {
      EngineFault.rethrowIfEngine(e, rolloutCall(vlm, p, rolloutBatch(m, in, frameCount), device));
      return new Inputs(null, null, frameCount, failure(e));
    }
  }

  /**
   * The order pass of one sampled prompt ({@link OrderGap}): per ordered completion and valid token, the sampling
   * policy's log-prob on the ordered frames minus that on the shuffled ones; null when the prompt gets none (its mode
   * has no pass, the data marks it not order-dependent, an image, or it failed).
   */
  double[][] orderGaps(VisionLanguageModel vlm, Sampled s, Device device) {
    if (!cfg.temporalMode().orderPass() || s.failure() != null || s.shuffledInputs() == null
        || s.ordered().isEmpty()) {
      return null;
    }
    List<int[]> ids = s.ordered().stream().map(Completion::tokenIds).toList();
    try (NDManager m = vlm.newManager()) {
      return OrderGap.of(vlm.model(), m, s.inputs(), s.shuffledInputs(), ids, vlm.eosId(), vlm.padId(),
          cfg.logprobPass(), cfg.logprobBuckets());
    } catch (RuntimeException | OutOfMemoryError e) {
      int longest = ids.stream().mapToInt(a -> a.length).max().orElse(0);
      EngineFault.rethrowIfEngine(e, new EngineFault.Call("T-GRPO order pass (" + cfg.temporalMode().setting()
          + ") of step " + step + ", problem " + s.prompt()._2().problemId(), EngineFault.model(cfg.spec().initDir(),
          vlm), "2 x " + ids.size() + " sequences of a " + s.inputs().inputIds().length
          + "-token prompt and up to " + longest + " completion tokens", device));
      throw e;
    }
  }

  /** The streams of a prompt's ordered group: (seed, step, problem id, j). */
  Generator.SeedIds orderedSeeds(PromptMeta m) {
    return new Generator.SeedIds(cfg.run().seed(), step, m.problemId());
  }

  /** The streams of its shuffled group, salted so they never repeat an ordered sample's. */
  Generator.SeedIds shuffledSeeds(PromptMeta m) {
    return new Generator.SeedIds(Seeds.derive(cfg.run().seed(), SHUFFLED_SALT), step, m.problemId());
  }

  TGrpoConfig config() {
    return cfg;
  }

  static String failure(Throwable e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** A rollout call in words for {@link EngineFault}: the step, the problem and its batch. */
  EngineFault.Call rolloutCall(VisionLanguageModel vlm, Tuple2<Integer, PromptMeta> p, String batch, Device device) {
    return new EngineFault.Call("T-GRPO rollout of step " + step + ", problem " + p._2().problemId()
        + " (batch position " + p._1() + ")", EngineFault.model(cfg.spec().initDir(), vlm), batch, device);
  }

  /** A rollout's batch in words: completions, their budget, the prompt and its frames. */
  String rolloutBatch(PromptMeta m, ModelInputs in, int frames) {
    int shuffled = m.video() ? cfg.numShuffled() : 0;
    return cfg.numGenerations() + (shuffled > 0 ? " ordered + " + shuffled + " shuffled" : "") + " completions of up to "
        + cfg.sampling().maxNewTokens() + " new tokens on a " + (in == null ? "not yet encoded" : in.inputIds().length
        + "-token") + " prompt with " + (frames < 0 ? "its" : frames) + " frame(s) of " + m.height() + "x" + m.width();
  }

  /** A log-prob pass's batch in words: the group's sequences. */
  private static String groupBatch(GroupScoring.Scored s) {
    int longest = s.ids().stream().mapToInt(a -> a.length).max().orElse(0);
    return s.ids().size() + " sequences of a " + s.sampled().inputs().inputIds().length + "-token prompt and up to "
        + longest + " completion tokens";
  }

  /**
   * Reference log-probs, then the policy's objective and backward for every trained group; one gradient read. Under
   * LoRA the reference is the policy's own base with its adapters off (the same values as a second copy, no second
   * copy); with full weights it is the starting model sharing the policy's frozen arrays ({@link
   * PolicyReplica#reference}).
   */
  Map<String, float[]> gradients(PolicyReplica policy, List<GroupScoring.Scored> scored,
      List<PromptResult> results, Device device) throws Exception {
    boolean lora = cfg.spec().lora() != null;
    VisionLanguageModel reference = cfg.rl().beta() <= 0 ? null : policy.reference();
    List<float[]> refs = new ArrayList<>();
    for (GroupScoring.Scored s : scored) {
      float[] ref = null;
      if (s.trained() && reference != null) {
        try {
          ref = lora ? Linear.withAdaptersOff(() -> referenceLogProbs(reference, s)) : referenceLogProbs(reference, s);
        } catch (RuntimeException | OutOfMemoryError e) {
          EngineFault.rethrowIfEngine(e, new EngineFault.Call("T-GRPO reference log-probs of step " + step
              + ", problem " + s.problemId(), EngineFault.model(cfg.spec().initDir(), reference), groupBatch(s),
              device));
          throw e;
        }
      }
      refs.add(ref);
    }
    ExecutorModels.GRADIENTS.lock();
    try {
      ParamCodec.zeroGradients(policy.trainable());
      for (int i = 0; i < scored.size(); i++) {
        GroupScoring.Scored s = scored.get(i);
        if (!s.trained()) {
          results.add(s.result(false, Double.NaN, Double.NaN));
          continue;
        }
        if (cfg.spec().lora() != null && cfg.spec().lora().dropout() > 0) {
          Engine.getInstance().setRandomSeed((int) Seeds.derive(cfg.run().seed(), step, s.problemId()));
        }
        VisionLanguageModel vlm = policy.vlm();
        try (NDManager m = vlm.newManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          GroupObjective.Outcome o = GroupObjective.backward(vlm.model(), m, s.sampled().inputs(), s.ids(),
              vlm.eosId(), vlm.padId(), refs.get(i), s.advantages(), s.tokenScale(), contrast(s, vlm), cfg.rl(),
              cfg.logprobPass(), cfg.logprobBuckets(), lossScale, gc);
          double loss = o.loss();
          if (s.trainsShuffled()) { // shuffled-negative: the shuffled completions on their own frames, no KL term
            loss += GroupObjective.backward(vlm.model(), m, s.sampled().shuffledInputs(), s.shuffledIds(),
                vlm.eosId(), vlm.padId(), null, s.shuffledAdvantages(), cfg.rl(), cfg.logprobPass(),
                cfg.logprobBuckets(), lossScale, gc).loss();
          }
          double[] scores = o.contrastKl();
          if (s.contrastAnswer() != null) { // answer_contrast: the verified answer alone, ordered vs shuffled
            AnswerContrast.Result a = AnswerContrast.backward(vlm.model(), m, s.sampled().inputs(),
                s.sampled().shuffledInputs(), AnswerContrast.completion(vlm.tokenizer(), s.contrastAnswer(), vlm.eosId()), vlm.eosId(), vlm.padId(),
                cfg.rl().temporalMode().contrastGamma(), lossScale, gc);
            loss += a.loss();
            scores = onCorrectRows(s, a.gap());
          }
          results.add(s.result(true, loss, o.meanKl(), scores));
        } catch (RuntimeException | OutOfMemoryError e) {
          EngineFault.rethrowIfEngine(e, new EngineFault.Call("T-GRPO policy log-probs and backward of step " + step
              + ", problem " + s.problemId(), EngineFault.model(cfg.spec().initDir(), policy.vlm()), groupBatch(s),
              device));
          throw e;
        }
      }
      return Gradients.take(policy.trainable());
    } finally {
      ExecutorModels.GRADIENTS.unlock();
    }
  }

  /**
   * The contrast-KL term of a group in that mode (its correct completions on its shuffled frames, over every token or
   * only their answer elements), else null.
   */
  private GroupObjective.Contrast contrast(GroupScoring.Scored s, VisionLanguageModel vlm) {
    if (s.contrastRows() == null) {
      return null;
    }
    var t = cfg.rl().temporalMode();
    double[][] tokens = null;
    if (t.contrastAnswerOnly()) {
      tokens = new double[s.ids().size()][];
      for (int i = 0; i < tokens.length; i++) {
        tokens[i] = AnswerSpan.of(vlm.tokenizer(), s.ids().get(i), vlm.eosId());
      }
    }
    return new GroupObjective.Contrast(s.sampled().shuffledInputs(), s.contrastRows(), t.contrastGamma(),
        t.contrastEntropyGuard(), t.contrastLinear(), tokens);
  }

  /** The ledger's temporal score in the answer-contrast mode: the group's Δ on each correct ordered row, else NaN. */
  private double[] onCorrectRows(GroupScoring.Scored s, double gap) {
    double[] out = new double[s.ids().size()];
    Arrays.fill(out, Double.NaN);
    for (LedgerRow r : s.rows()) {
      if (!r.shuffled() && r.sampleIndex() >= 0 && r.accuracy() > cfg.rl().correctThreshold()) {
        out[r.sampleIndex()] = gap;
      }
    }
    return out;
  }

  private float[] referenceLogProbs(VisionLanguageModel reference, GroupScoring.Scored s) {
    try (NDManager m = reference.newManager()) {
      return GroupObjective.reference(reference.model(), m, s.sampled().inputs(), s.ids(), reference.eosId(),
          reference.padId(), cfg.logprobPass(), cfg.logprobBuckets());
    }
  }
}
