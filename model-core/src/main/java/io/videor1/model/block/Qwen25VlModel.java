package io.videor1.model.block;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.nn.Casts;
import io.videor1.model.nn.HfBlock;
import io.videor1.model.nn.Linear;
import io.videor1.model.nn.RowChunks;
import io.videor1.model.preprocess.ModelInputs;
import io.videor1.model.text.AttentionCache;
import io.videor1.model.text.KvCache;
import io.videor1.model.text.MRope;
import io.videor1.model.text.TextModel;
import io.videor1.model.vision.VisionTower;
import io.videor1.vision.GridThw;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Qwen2_5_VLForConditionalGeneration as a DJL block: {@code visual} (vision tower), {@code model} (Qwen2 decoder) and
 * {@code lm_head} (absent when tied to {@code model.embed_tokens}); a text-only Qwen2 checkpoint has no {@code visual}.
 *
 * <p>The block owns an {@link NDManager} holding its parameters; their arrays come from {@link ModelWeights}. Forward
 * passes create their arrays under the caller's manager (the first argument of each method), which the caller closes.
 */
public final class Qwen25VlModel extends HfBlock implements AutoCloseable {
  private final Qwen25VlConfig config;
  private final VisionTower visual;
  private final TextModel model;
  private final Linear lmHead;
  private final NDManager manager;
  private final Map<String, Parameter> params = new LinkedHashMap<>();
  private final Map<String, Shape> shapes = new LinkedHashMap<>();
  private final DataType compute; // null: the weights' own dtype
  private final long headRows;

  /**
   * An uninitialised model of shape {@code config} that computes in its weights' dtype; its parameters live in a
   * sub-manager of {@code parent}.
   */
  public Qwen25VlModel(Qwen25VlConfig config, NDManager parent) {
    this(config, parent, null);
  }

  /**
   * An uninitialised model of shape {@code config} whose weights will be stored in {@code precision.weights()} and
   * which computes in {@code precision.compute()} (null: in the weights' dtype).
   */
  public Qwen25VlModel(Qwen25VlConfig config, NDManager parent, Precision precision) {
    this.config = config;
    this.compute = precision == null ? null : precision.compute();
    this.headRows = HeadChunks.rows(config.text().hiddenSize());
    this.manager = parent.newSubManager();
    visual = config.hasVision() ? child("visual", new VisionTower(config.vision())) : null;
    model = child("model", new TextModel(config.text()));
    lmHead = config.text().tieWordEmbeddings() ? null
        : child("lm_head", new Linear(config.text().hiddenSize(), config.text().vocabSize(), false));
    collect("", params, shapes);
  }

  /** The configuration. */
  public Qwen25VlConfig config() {
    return config;
  }

  /** The manager that owns the parameters. */
  public NDManager manager() {
    return manager;
  }

  /** Every parameter by Hugging Face tensor name, in module order. */
  public Map<String, Parameter> parameters() {
    return Collections.unmodifiableMap(params);
  }

  /** The expected shape of each parameter. */
  public Map<String, Shape> shapes() {
    return Collections.unmodifiableMap(shapes);
  }

  /** The decoder. */
  public TextModel text() {
    return model;
  }

  /** The vision tower, or null for a text-only checkpoint. */
  public VisionTower visual() {
    return visual;
  }

  /**
   * The compute dtype: that of the activations (the embedding table's dtype unless the model was built with a
   * {@link Precision} that widens float16 weights to float32).
   */
  public DataType dataType() {
    return compute != null ? compute : weightType();
  }

  /** The dtype the weights are stored in (that of the embedding table). */
  public DataType weightType() {
    return model.embedTokens().getArray().getDataType();
  }

  /**
   * Input embeddings of a prompt, with each image/video placeholder token replaced by its visual token.
   *
   * @return [1, T, hidden]
   */
  public NDArray promptEmbeddings(NDManager m, ModelInputs in, boolean training) {
    int t = in.length();
    NDArray ids = m.create(toLongs(in.inputIds()), new Shape(1, t));
    NDArray text = embed(ids); // [1, T, H]
    if (!in.hasVision()) {
      return text;
    }
    if (visual == null) {
      throw new IllegalArgumentException("a " + config.modelType() + " checkpoint has no vision tower for the prompt's "
          + "images/videos");
    }
    List<GridThw> grids = new ArrayList<>(in.imageGrids());
    grids.addAll(in.videoGrids());
    float[] pix = new float[in.imagePixels().length + in.videoPixels().length];
    System.arraycopy(in.imagePixels(), 0, pix, 0, in.imagePixels().length);
    System.arraycopy(in.videoPixels(), 0, pix, in.imagePixels().length, in.videoPixels().length);
    int patchDim = config.vision().patchDim();
    NDArray pixels = m.create(pix, new Shape(pix.length / patchDim, patchDim));
    if (dataType() != DataType.FLOAT32) {
      pixels = pixels.toType(dataType(), false);
    }
    NDArray vis = visual.forward(pixels, grids, training); // [Nv, H]: images first, then videos
    long nImage = in.imageGrids().stream().mapToLong(GridThw::visualTokens).sum();
    long[] index = new long[t];
    long img = 0;
    long vid = 0;
    for (int i = 0; i < t; i++) {
      int id = in.inputIds()[i];
      index[i] = id == config.imageTokenId() ? t + img++ : id == config.videoTokenId() ? t + nImage + vid++ : i;
    }
    if (img + vid != vis.getShape().get(0)) {
      throw new IllegalArgumentException("visual tokens " + vis.getShape().get(0) + " do not match the prompt's "
          + (img + vid) + " placeholder tokens");
    }
    NDArray table = NDArrays.concat(new NDList(text.reshape(t, -1), vis), 0); // [T + Nv, H]
    return table.get(m.create(index)).expandDims(0); // [1, T, H]
  }

  /**
   * Runs the decoder.
   *
   * @param embeds [B, T, hidden]
   * @param positions [3][T] M-RoPE positions shared by the batch
   * @param cache read, and extended when {@code store}; null for a stand-alone pass
   * @return hidden states [B, T, hidden]
   */
  public NDArray decode(NDArray embeds, int[][] positions, AttentionCache cache, boolean store, boolean training) {
    return model.forward(embeds, positions, cache, store, training);
  }

  /**
   * Runs the decoder with rotary tables already built ({@link io.videor1.model.text.MRope#rowTables} for rows at
   * different positions).
   *
   * @param embeds [B, T, hidden]
   * @return hidden states [B, T, hidden]
   */
  public NDArray decode(NDArray embeds, MRope.Tables tables, AttentionCache cache, boolean store, boolean training) {
    return model.forward(embeds, tables, cache, store, training);
  }

  /** The M-RoPE table builder of the decoder. */
  public MRope rope() {
    return model.rope();
  }

  /**
   * The LM head.
   *
   * @param hidden [..., hidden]
   * @return logits [..., vocab]
   */
  public NDArray logits(NDArray hidden, boolean training) {
    NDArray w = headWeight(); // [V, H]
    if (w.getDataType() != hidden.getDataType()) {
      // stored float16, computing float32: widened a vocabulary chunk at a time (lm_head carries no LoRA adapter)
      return HeadChunks.logits(hidden, w, headRows); // [..., V]
    }
    if (lmHead != null) {
      return lmHead.forward(hidden, training);
    }
    return RowChunks.linear(hidden, w, null);
  }

  /**
   * Whether {@link #targetLogProbs} should compute a pass's log-probs: the head is stored narrower than the
   * activations (float16 on a CPU), it is frozen, and autograd is on, so a plain product would keep the widened head
   * for backward ({@link HeadChunks#targetLogProbs}).
   */
  public boolean headNeedsGradientWithoutGraph() {
    NDArray w = headWeight();
    return w.getDataType() != dataType() && !w.hasGradient() && JniUtils.isGradMode();
  }

  /**
   * {@code log_softmax(logits(hidden))[targets]} with the gradient with respect to {@code hidden} computed chunk by
   * chunk instead of kept in autograd's graph ({@link HeadChunks#targetLogProbs}); for a frozen, widened head.
   *
   * @param hidden [B, c, hidden]
   * @param targets [B, c] int64
   * @return [B, c] float32
   */
  public NDArray targetLogProbs(NDArray hidden, NDArray targets) {
    return HeadChunks.targetLogProbs(hidden, headWeight(), targets, headRows);
  }

  private NDArray headWeight() {
    return (lmHead != null ? lmHead.weight() : model.embedTokens()).getArray(); // [V, H]
  }

  /**
   * Token embeddings of generated or completion tokens.
   *
   * @param ids [B, T] int64
   * @return [B, T, hidden]
   */
  public NDArray embed(NDArray ids) {
    NDArray rows = model.embed(ids); // [B, T, hidden] in the stored dtype: only these rows are widened
    if (rows.getDataType() == dataType()) {
      return rows;
    }
    NDArray wide = Casts.to(rows, dataType()); // differentiable, for a trainable table stored in float16
    rows.close();
    return wide;
  }

  /** A new empty KV cache for this model under {@code m}. */
  public KvCache newCache(NDManager m) {
    return new KvCache(m, config.text().numHiddenLayers());
  }

  static long[] toLongs(int[] ids) {
    long[] l = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      l[i] = ids[i];
    }
    return l;
  }

  @Override
  public void close() {
    manager.close();
  }
}
