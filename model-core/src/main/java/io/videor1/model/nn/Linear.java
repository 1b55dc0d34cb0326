package io.videor1.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code torch.nn.Linear}: y = x·Wᵀ + b with W [out, in] ({@code weight}) and optional b [out] ({@code bias}), plus an
 * optional LoRA adapter y += (dropout(x)·Aᵀ)·Bᵀ · α/r with A [r, in] and B [out, r] (PEFT's lora_A / lora_B).
 */
public final class Linear extends HfBlock {
  private final int in;
  private final int out;
  private final Parameter weight;
  private final Parameter bias;
  private Lora lora;
  /**
   * Set while this thread runs the base model with every adapter switched off: the frozen reference of a LoRA run is
   * the base itself, so it needs no second copy. Per thread, because other task threads may be sampling from the same
   * replica with its adapters on at the same time.
   */
  private static final ThreadLocal<Boolean> ADAPTERS_OFF = ThreadLocal.withInitial(() -> false);

  /** LoRA state of one linear layer; A and B are separate parameters so they can be trained alone. */
  public static final class Lora {
    final Parameter a;
    final Parameter b;
    final float scale;
    final float dropout;

    Lora(Parameter a, Parameter b, float scale, float dropout) {
      this.a = a;
      this.b = b;
      this.scale = scale;
      this.dropout = dropout;
    }

    /** lora_A [r, in]. */
    public Parameter a() {
      return a;
    }

    /** lora_B [out, r]. */
    public Parameter b() {
      return b;
    }

    /** α / r (or α / √r with rsLoRA). */
    public float scale() {
      return scale;
    }
  }

  /** A layer of {@code in} → {@code out} features, with or without bias. */
  public Linear(int in, int out, boolean withBias) {
    this.in = in;
    this.out = out;
    this.weight = param("weight", new Shape(out, in));
    this.bias = withBias ? param("bias", new Shape(out)) : null;
  }

  /** Input features. */
  public int in() {
    return in;
  }

  /** Output features. */
  public int out() {
    return out;
  }

  /** The weight parameter [out, in]. */
  public Parameter weight() {
    return weight;
  }

  /** The bias parameter [out], or null. */
  public Parameter bias() {
    return bias;
  }

  /** The LoRA adapter, or null. */
  public Lora lora() {
    return lora;
  }

  /** Attaches a LoRA adapter whose A and B arrays are already set. */
  public void attachLora(Parameter a, Parameter b, float scale, float dropout) {
    this.lora = new Lora(a, b, scale, dropout);
  }

  /** Removes the adapter (after merging or to disable it). */
  public void detachLora() {
    this.lora = null;
  }

  /**
   * Runs {@code body} on this thread with every LoRA adapter of every layer switched off (y = x·Wᵀ + b exactly, as
   * the base model computes it); other threads are unaffected.
   */
  public static <T> T withAdaptersOff(java.util.function.Supplier<T> body) {
    boolean was = ADAPTERS_OFF.get();
    ADAPTERS_OFF.set(true);
    try {
      return body.get();
    } finally {
      ADAPTERS_OFF.set(was);
    }
  }

  /**
   * Applies the layer.
   *
   * @param x [..., in]
   * @param training enables LoRA dropout
   * @return [..., out]
   */
  public NDArray forward(NDArray x, boolean training) {
    NDArray w = Widen.like(weight.getArray(), x); // [out, in]: float16 weights widened for a float32 pass
    NDArray b = bias == null ? null : Widen.like(bias.getArray(), x); // [out]
    NDArray y = RowChunks.linear(x, w, b); // [..., out]
    Widen.release(w, weight.getArray()); // the copy lives on only in autograd's graph, if that saved it
    Widen.release(b, bias == null ? null : bias.getArray());
    if (lora == null || ADAPTERS_OFF.get()) {
      return y;
    }
    NDArray h = training && lora.dropout > 0 ? Dropout.dropout(x, lora.dropout, true).singletonOrThrow()
        : x;
    NDArray down = RowChunks.linear(h, lora.a.getArray(), null); // [..., r]
    NDArray up = RowChunks.linear(down, lora.b.getArray(), null); // [..., out]
    return y.add(up.mul(Scalars.of(up, lora.scale)));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    return new NDList(forward(inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {s.slice(0, s.dimension() - 1).add(out)};
  }
}
