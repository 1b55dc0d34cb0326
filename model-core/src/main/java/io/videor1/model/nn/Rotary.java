package io.videor1.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/** The rotate-half rotary embedding shared by the text decoder (M-RoPE) and the vision tower (2-D RoPE). */
public final class Rotary {
  private Rotary() {}

  /**
   * x·cos + rotate_half(x)·sin, with rotate_half(x) = [−x₂, x₁] over the two halves of the last axis.
   *
   * @param x [..., D]
   * @param cos broadcastable to x, [..., D]
   * @param sin broadcastable to x, [..., D]
   */
  public static NDArray apply(NDArray x, NDArray cos, NDArray sin) {
    int last = x.getShape().dimension() - 1;
    NDList halves = x.split(2, last); // 2 × [..., D/2]
    NDArray rotated = NDArrays.concat(new NDList(halves.get(1).neg(), halves.get(0)), last); // [..., D]
    return x.mul(cos).add(rotated.mul(sin));
  }
}
