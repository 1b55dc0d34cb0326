package io.videor1.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.videor1.model.block.ModelWeights;
import io.videor1.model.block.Precision;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.check.CheckpointSummary;
import io.videor1.model.check.CheckpointValidator;
import io.videor1.model.config.ConfigFiles;
import io.videor1.model.config.PreprocessorConfig;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.generate.Completion;
import io.videor1.model.generate.Generator;
import io.videor1.model.generate.SamplingParams;
import io.videor1.model.io.SafeDType;
import io.videor1.model.logprob.TokenLogProbs;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.preprocess.Processor;
import io.videor1.model.tokenizer.QwenTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The entry point the trainer uses: a Qwen2.5-VL checkpoint directory loaded with its tokenizer and processor.
 *
 * <pre>{@code
 * try (VisionLanguageModel vlm = VisionLanguageModel.load(dir, LoadOptions.cpu())) {
 *   ModelInputs in = vlm.processor().chat(PromptTemplates.rlMessages(true, text), List.of(), List.of(video));
 *   List<Completion> group = vlm.generate(in, 8, SamplingParams.rollout(), new Generator.SeedIds(seed, step, id));
 *   try (NDManager m = vlm.newManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
 *     TokenLogProbs.Result lp = vlm.logProbs(m, in, ids(group), true);
 *     ... NdPolicyObjective.compute(...); gc.backward(loss);
 *   }
 *   vlm.save(outDir, SafeDType.BF16);
 * }
 * }</pre>
 */
public final class VisionLanguageModel implements AutoCloseable {
  private final NDManager root;
  private final Qwen25VlModel model;
  private final QwenTokenizer tokenizer;
  private final PreprocessorConfig preprocessor;
  private final Processor processor;
  private final Path tokenizerDir;
  private final int eosId;
  private final int padId;

  /**
   * How to load: dtype, device, and the precision they give.
   *
   * @param dtype what the parameters are stored in: FLOAT32, or FLOAT16 (bfloat16 checkpoints are converted on load;
   *     DJL 0.35.1 cannot hold bfloat16 arrays, see {@link ModelWeights#toNd})
   * @param device where the arrays live
   * @param precision storage and compute dtypes: {@link Precision#of} unless given (float16 computes in float16 on a
   *     GPU, in float32 over float16 weights on a CPU)
   */
  public record LoadOptions(DataType dtype, Device device, Precision precision) {
    /** Rejects bfloat16, and a precision whose weights are not {@code dtype}. */
    public LoadOptions {
      ModelWeights.checkComputeType(dtype);
      if (precision.weights() != dtype) {
        throw new IllegalArgumentException("precision " + precision + " does not store weights in " + dtype);
      }
    }

    /** {@code dtype} on {@code device} in the precision {@link Precision#of} chooses for them. */
    public LoadOptions(DataType dtype, Device device) {
      this(dtype, device, Precision.of(dtype, device));
    }

    /** float32 on the CPU. */
    public static LoadOptions cpu() {
      return new LoadOptions(DataType.FLOAT32, Device.cpu());
    }
  }

  private VisionLanguageModel(NDManager root, Qwen25VlModel model, QwenTokenizer tokenizer,
      PreprocessorConfig preprocessor, Path tokenizerDir) {
    this.root = root;
    this.model = model;
    this.tokenizer = tokenizer;
    this.preprocessor = preprocessor;
    this.processor = new Processor(model.config(), preprocessor, tokenizer);
    this.tokenizerDir = tokenizerDir;
    this.eosId = tokenizer.tokenId(QwenTokenizer.IM_END);
    this.padId = tokenizer.tokenId(QwenTokenizer.END_OF_TEXT);
  }

  /**
   * Loads config.json, preprocessor_config.json, tokenizer.json and the safetensors weights of {@code dir}, after
   * {@link CheckpointValidator} has checked them: a malformed checkpoint is refused with an
   * {@link io.videor1.model.io.InvalidCheckpointException} before any array is allocated.
   */
  public static VisionLanguageModel load(Path dir, LoadOptions opts) throws IOException {
    CheckpointSummary checked = CheckpointValidator.validate(dir);
    Qwen25VlConfig config = checked.config();
    NDManager root = NDManager.newBaseManager(opts.device());
    try {
      Qwen25VlModel model = new Qwen25VlModel(config, root, opts.precision());
      ModelWeights.load(model, dir, opts.dtype());
      return new VisionLanguageModel(root, model, QwenTokenizer.load(dir), checked.preprocessor(), dir);
    } catch (IOException | RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /**
   * A frozen model of the checkpoint in {@code dir} that shares {@code base}'s arrays except those named in
   * {@code own}, which it reads again from {@code dir}'s files in {@code opts}' dtype: the reference of a full-weights
   * run in which only {@code own} trains. {@code base} must have been loaded from {@code dir} with {@code opts}; its
   * other tensors never change, so a second copy of them would hold the same values (with only 7B's {@code lm_head}
   * trained, 1.1 GB instead of 15 GB in float16). Closing the result frees only what it read; {@code base} must
   * outlive it. No array of the result requires a gradient.
   */
  public static VisionLanguageModel sharing(VisionLanguageModel base, Path dir, LoadOptions opts, Set<String> own)
      throws IOException {
    CheckpointSummary checked = CheckpointValidator.validate(dir);
    Map<String, ai.djl.nn.Parameter> from = base.model.parameters();
    if (!checked.config().equals(base.model.config())) {
      throw new IllegalArgumentException("the model to share was not loaded from " + dir + " (its config differs)");
    }
    NDManager root = NDManager.newBaseManager(opts.device());
    try {
      Qwen25VlModel model = new Qwen25VlModel(checked.config(), root, opts.precision());
      for (Map.Entry<String, ai.djl.nn.Parameter> e : model.parameters().entrySet()) {
        if (!own.contains(e.getKey())) {
          e.getValue().setArray(from.get(e.getKey()).getArray()); // not attached: the model's manager never frees it
        }
      }
      ModelWeights.loadOnly(model, dir, opts.dtype(), own);
      own.forEach(n -> model.parameters().get(n).getArray().setRequiresGradient(false));
      return new VisionLanguageModel(root, model, QwenTokenizer.load(dir), checked.preprocessor(), dir);
    } catch (IOException | RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /**
   * A randomly initialised model of shape {@code config} (tests, demo, benchmarks) using the tokenizer files of
   * {@code tokenizerDir}.
   */
  public static VisionLanguageModel random(Qwen25VlConfig config, Path tokenizerDir, long seed, double std,
      LoadOptions opts) throws IOException {
    NDManager root = NDManager.newBaseManager(opts.device());
    try {
      Qwen25VlModel model = new Qwen25VlModel(config, root, opts.precision());
      ModelWeights.initRandom(model, seed, std, opts.dtype());
      return new VisionLanguageModel(root, model, QwenTokenizer.load(tokenizerDir),
          PreprocessorConfig.read(tokenizerDir), tokenizerDir);
    } catch (IOException | RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /** The DJL model. */
  public Qwen25VlModel model() {
    return model;
  }

  /** The tokenizer. */
  public QwenTokenizer tokenizer() {
    return tokenizer;
  }

  /** The processor (prompt + frames → model inputs). */
  public Processor processor() {
    return processor;
  }

  /** The id generation stops at ({@code <|im_end|>}). */
  public int eosId() {
    return eosId;
  }

  /** The padding id ({@code <|endoftext|>}). */
  public int padId() {
    return padId;
  }

  /** A manager for one call's arrays; close it when the results (and gradients) have been read. */
  public NDManager newManager() {
    return root.newSubManager();
  }

  /** Samples {@code n} completions of {@code prompt} (no autograd). */
  public List<Completion> generate(ModelInputs prompt, int n, SamplingParams params, Generator.SeedIds seeds) {
    return new Generator(model, tokenizer, eosId).generate(root, prompt, n, params, seeds);
  }

  /**
   * Samples every request's completions in one decode batch ({@link Generator#generateBatch}): a request's completions
   * do not depend on which other requests share the batch.
   */
  public List<List<Completion>> generateBatch(List<Generator.Request> requests, SamplingParams params) {
    return new Generator(model, tokenizer, eosId).generateBatch(root, requests, params);
  }

  /** Teacher-forced log-probs of completions of {@code prompt}; inside a GradientCollector they carry gradients. */
  public TokenLogProbs.Result logProbs(NDManager m, ModelInputs prompt, List<int[]> completions, boolean training) {
    return TokenLogProbs.compute(model, m, prompt, completions, eosId, padId, training);
  }

  /** The same, in buckets of similar completion length when {@code bucketed} ({@link TokenLogProbs#compute}). */
  public TokenLogProbs.Result logProbs(NDManager m, ModelInputs prompt, List<int[]> completions, boolean training,
      boolean bucketed) {
    return TokenLogProbs.compute(model, m, prompt, completions, eosId, padId, training, bucketed);
  }

  /**
   * Saves a Hugging Face checkpoint: config.json, preprocessor_config.json, tokenizer files and the weights in
   * {@code dtype} (sharded above {@code maxShardBytes}). Merge LoRA adapters first to export a full model.
   */
  public void save(Path dir, SafeDType dtype, long maxShardBytes) throws IOException {
    writeConfigFiles(dir, model.config(), preprocessor, tokenizerDir, dtype);
    ModelWeights.save(model, dir, dtype, maxShardBytes);
  }

  /**
   * Writes what a checkpoint holds besides its weights: config.json (with {@code torch_dtype} set to {@code dtype}),
   * preprocessor_config.json and the tokenizer files found in {@code tokenizerDir}.
   */
  public static void writeConfigFiles(Path dir, Qwen25VlConfig config, PreprocessorConfig preprocessor,
      Path tokenizerDir, SafeDType dtype) throws IOException {
    ConfigFiles.write(dir, config, preprocessor, tokenizerDir, dtype);
  }

  @Override
  public void close() {
    tokenizer.close();
    model.close();
    root.close();
  }
}
