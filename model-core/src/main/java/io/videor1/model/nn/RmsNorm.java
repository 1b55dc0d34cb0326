package io.videor1.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Qwen2RMSNorm: y = w · x / sqrt(mean(x²) + ε), the statistics computed in float32 as in transformers.
 */
public final class RmsNorm extends HfBlock {
  private final Parameter weight;
  private final float eps;

  /** A norm over the last dimension of width {@code hidden}. */
  public RmsNorm(int hidden, double eps) {
    this.weight = param("weight", new Shape(hidden));
    this.eps = (float) eps;
  }

  /**
   * Normalises the last axis.
   *
   * @param x [..., hidden]
   * @return [..., hidden], in x's dtype
   */
  public NDArray forward(NDArray x) {
    DataType dt = x.getDataType();
    NDArray xf = Casts.to(x, DataType.FLOAT32); // differentiable: the norm's gradient flows through both casts
    NDArray inv = xf.mul(xf).mean(new int[] {xf.getShape().dimension() - 1}, true).add(eps).pow(Scalars.of(xf, -0.5f)); // [..., 1]
    NDArray n = xf.mul(inv); // [..., hidden]
    if (dt != DataType.FLOAT32) {
      n = Casts.to(n, dt);
    }
    NDArray w = Widen.like(weight.getArray(), n); // [hidden]
    NDArray y = n.mul(w);
    Widen.release(w, weight.getArray());
    return y;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    return new NDList(forward(inputs.singletonOrThrow()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }
}
