package io.videor1.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Qwen2MLP / Qwen2_5_VLMLP: down_proj(silu(gate_proj(x)) · up_proj(x)); the vision tower's version has biases. */
public final class SwiGluMlp extends HfBlock {
  private final Linear gateProj;
  private final Linear upProj;
  private final Linear downProj;

  /** An MLP hidden → intermediate → hidden. */
  public SwiGluMlp(int hidden, int intermediate, boolean withBias) {
    gateProj = child("gate_proj", new Linear(hidden, intermediate, withBias));
    upProj = child("up_proj", new Linear(hidden, intermediate, withBias));
    downProj = child("down_proj", new Linear(intermediate, hidden, withBias));
  }

  /**
   * Applies the MLP.
   *
   * @param x [..., hidden]
   * @return [..., hidden]
   */
  public NDArray forward(NDArray x, boolean training) {
    NDArray g = gateProj.forward(x, training); // [..., I]
    NDArray act = g.mul(g.getNDArrayInternal().sigmoid()); // silu, [..., I]
    return downProj.forward(act.mul(upProj.forward(x, training)), training); // [..., hidden]
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> p) {
    return new NDList(forward(inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }
}
