package io.videor1.model.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DJL block whose children and parameters carry their Hugging Face names, so the whole model can be walked as a map
 * from HF tensor name ({@code model.layers.0.self_attn.q_proj.weight}) to {@link Parameter}.
 *
 * <p>Parameters are created without a shape and receive their arrays from a checkpoint or a seeded initialiser
 * ({@code io.videor1.model.Weights}), never through DJL's shape-inference life cycle. Blocks expose typed
 * {@code forward} methods (hidden states, rotary tables, KV cache); DJL's generic {@link #forward} is implemented only
 * where the block maps one array to one array.
 */
public abstract class HfBlock extends AbstractBlock {
  private final Map<String, HfBlock> hfChildren = new LinkedHashMap<>();
  private final Map<String, Parameter> hfParams = new LinkedHashMap<>();
  private final Map<String, Shape> hfShapes = new LinkedHashMap<>();

  /** Registers a child under its HF module name (may contain dots, e.g. {@code mlp.0}). */
  protected final <B extends HfBlock> B child(String hfName, B block) {
    addChildBlock(hfName.replace('.', '_'), block);
    hfChildren.put(hfName, block);
    return block;
  }

  /** Registers a parameter under its HF leaf name ({@code weight}, {@code bias}) with its expected shape. */
  protected final Parameter param(String hfName, Shape shape) {
    Parameter p = Parameter.builder().setName(hfName)
        .setType(hfName.endsWith("bias") ? Parameter.Type.BIAS : Parameter.Type.WEIGHT).build();
    addParameter(p);
    hfParams.put(hfName, p);
    hfShapes.put(hfName, shape);
    return p;
  }

  /** Adds every parameter below this block to {@code out} as {@code prefix + hfName}. */
  public void collect(String prefix, Map<String, Parameter> out, Map<String, Shape> shapes) {
    hfParams.forEach((n, p) -> {
      out.put(prefix + n, p);
      shapes.put(prefix + n, hfShapes.get(n));
    });
    hfChildren.forEach((n, c) -> c.collect(prefix + n + ".", out, shapes));
  }

  /** Adds this block and every block below it to {@code out} by HF module name ({@code prefix} for this one). */
  public void modules(String prefix, Map<String, HfBlock> out) {
    out.put(prefix, this);
    hfChildren.forEach((n, c) -> c.modules(prefix.isEmpty() ? n : prefix + "." + n, out));
  }

  /** The direct HF-named children. */
  public Map<String, HfBlock> hfChildren() {
    return java.util.Collections.unmodifiableMap(hfChildren);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " has a typed forward; see its Javadoc");
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " is initialised from a checkpoint");
  }
}
