package io.videor1.model.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.videor1.model.config.TextConfig;
import java.util.List;

/**
 * Multimodal rotary embedding (M-RoPE) tables: frequency j of a head is driven by the temporal, height or width
 * position of the token according to {@code mrope_section}, and the table is duplicated over the two halves of the head
 * (transformers' {@code apply_multimodal_rotary_pos_emb}).
 *
 * <p>With equal (t, h, w) positions, as for text tokens, this is ordinary RoPE. Tables are computed in float32 exactly
 * as transformers does: inv_freq = 1 / θ^(2j/D), angle = position · inv_freq rounded to float32.
 */
public final class MRope {
  private final int headDim;
  private final float[] invFreq;
  private final int[] axisOf;

  /** Tables for the decoder described by {@code text}. */
  public MRope(TextConfig text) {
    this(text.headDim(), text.ropeTheta(), text.mropeSection());
  }

  /** Tables for heads of width {@code headDim}, base θ and the three section sizes (summing to headDim / 2). */
  public MRope(int headDim, double theta, List<Integer> section) {
    this.headDim = headDim;
    int half = headDim / 2;
    invFreq = new float[half];
    axisOf = new int[half];
    for (int j = 0; j < half; j++) {
      float exponent = (float) (2 * j) / headDim;
      invFreq[j] = 1.0f / (float) Math.pow(theta, exponent);
      int axis = 0;
      int bound = section.get(0);
      while (j >= bound && axis < 2) {
        axis++;
        bound += section.get(axis);
      }
      axisOf[j] = axis;
    }
  }

  /** cos and sin tables [1, 1, T, D] (or [B, 1, 1, D] from {@link #rowTables}), in the model's dtype. */
  public record Tables(NDArray cos, NDArray sin) {}

  /**
   * The tables for one row of positions shared by every sequence of the batch.
   *
   * @param positions [3][T]: temporal, height and width position of each token
   */
  public Tables tables(NDManager m, int[][] positions, DataType dtype) {
    int t = positions[0].length;
    int half = headDim / 2;
    float[] cos = new float[t * headDim];
    float[] sin = new float[t * headDim];
    for (int i = 0; i < t; i++) {
      for (int j = 0; j < half; j++) {
        float angle = (float) positions[axisOf[j]][i] * invFreq[j];
        float c = (float) Math.cos(angle);
        float s = (float) Math.sin(angle);
        cos[i * headDim + j] = c;
        cos[i * headDim + j + half] = c;
        sin[i * headDim + j] = s;
        sin[i * headDim + j + half] = s;
      }
    }
    return upload(m, cos, sin, new Shape(1, 1, t, headDim), dtype);
  }

  /**
   * Tables for one text token per row, row b at position {@code positions[b]} on all three axes: [B, 1, 1, D], each
   * row's values exactly those {@link #tables} gives for {@code textPositions(positions[b], 1)}.
   */
  public Tables rowTables(NDManager m, int[] positions, DataType dtype) {
    int b = positions.length;
    float[] cos = new float[b * headDim];
    float[] sin = new float[b * headDim];
    for (int r = 0; r < b; r++) {
      fill(positions[r], cos, sin, r * headDim);
    }
    return upload(m, cos, sin, new Shape(b, 1, 1, headDim), dtype);
  }

  /** Positions [3][T] of plain text tokens start, start+1, ... on all three axes. */
  public static int[][] textPositions(int start, int count) {
    int[][] p = new int[3][count];
    for (int i = 0; i < count; i++) {
      p[0][i] = start + i;
      p[1][i] = start + i;
      p[2][i] = start + i;
    }
    return p;
  }

  /** One text position's row (the same angle on every axis) into {@code cos}/{@code sin} at {@code off}. */
  private void fill(int position, float[] cos, float[] sin, int off) {
    int half = headDim / 2;
    for (int j = 0; j < half; j++) {
      float angle = (float) position * invFreq[j];
      float c = (float) Math.cos(angle);
      float s = (float) Math.sin(angle);
      cos[off + j] = c;
      cos[off + j + half] = c;
      sin[off + j] = s;
      sin[off + j + half] = s;
    }
  }

  private static Tables upload(NDManager m, float[] cos, float[] sin, Shape shape, DataType dtype) {
    NDArray c = m.create(cos, shape);
    NDArray s = m.create(sin, shape);
    if (dtype != DataType.FLOAT32) {
      c = c.toType(dtype, false);
      s = s.toType(dtype, false);
    }
    return new Tables(c, s);
  }
}
