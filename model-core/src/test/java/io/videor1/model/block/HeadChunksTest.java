package io.videor1.model.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.videor1.model.nn.Widen;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@link HeadChunks}: the LM head over a float16 weight, widened a vocabulary chunk at a time, against one product
 * with the whole weight widened; chunk sizes that do and do not divide the vocabulary.
 */
class HeadChunksTest {
  private static final int V = 1_000;
  private static final int H = 48;

  /** max |a − b| over max |a|. */
  private static double relative(float[] a, float[] b) {
    double d = 0;
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[i]));
      s = Math.max(s, Math.abs(a[i]));
    }
    return d / s;
  }

  /**
   * Each logit is the dot product of one hidden state and one widened row, whichever chunk holds the row, so the
   * chunked logits and the hidden states' gradient (through every chunk's graph) equal the single product's within
   * float32 rounding (a matrix kernel may order a dot product's additions by the output's width).
   */
  @Test
  void chunkedHeadEqualsOneProductForwardAndBackward() {
    try (NDManager m = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(5);
      NDArray w = m.randomNormal(0, 0.05f, new Shape(V, H), DataType.FLOAT32).toType(DataType.FLOAT16, false);
      NDArray hidden = m.randomNormal(new Shape(2, 3, H)); // [B, T, H]
      NDArray upstream = m.randomNormal(new Shape(2, 3, V)); // [B, T, V]
      float[][] one = logitsAndGradient(hidden, upstream, h -> {
        NDArray wide = Widen.like(w, h);
        return h.getNDArrayInternal().linear(h, wide, null).singletonOrThrow();
      });
      for (long rows : new long[] {128, 250, V, 4 * V}) {
        float[][] chunked = logitsAndGradient(hidden, upstream, h -> HeadChunks.logits(h, w, rows));
        double lf = relative(one[0], chunked[0]);
        double lg = relative(one[1], chunked[1]);
        System.out.printf(Locale.ROOT, "head chunks of %d rows: logits %.2e, hidden gradient %.2e relative%n", rows,
            lf, lg);
        assertEquals(one[0].length, chunked[0].length);
        assertTrue(lf <= 1e-6, rows + " rows: logits " + lf);
        assertTrue(lg <= 1e-6, rows + " rows: gradient " + lg);
      }
    }
  }

  /**
   * The frozen head's log-probs with their gradient computed chunk by chunk: the same values as the log-softmax of the
   * chunked logits (bit for bit: the same operations), and the hidden states' gradient of autograd through the whole
   * widened product, within float32 rounding.
   */
  @Test
  void targetLogProbsWithoutTheGraphEqualAutogradThroughTheHead() {
    try (NDManager m = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(7);
      NDArray w = m.randomNormal(0, 0.5f, new Shape(V, H), DataType.FLOAT32).toType(DataType.FLOAT16, false);
      NDArray hidden = m.randomNormal(new Shape(2, 5, H)); // [B, c, H]
      NDArray targets = m.randomInteger(0, V, new Shape(2, 5), DataType.INT64); // [B, c]
      NDArray upstream = m.randomNormal(new Shape(2, 5)); // [B, c]
      float[][] plain = logProbsAndGradient(hidden, upstream, h -> {
        NDArray logits = h.getNDArrayInternal().linear(h, Widen.like(w, h), null).singletonOrThrow(); // [B, c, V]
        return logits.logSoftmax(2).gather(targets.expandDims(2), 2).squeeze(2);
      });
      for (long rows : new long[] {128, V}) {
        float[][] values = logProbsAndGradient(hidden, upstream, h -> {
          NDArray logits = HeadChunks.logits(h, w, rows); // [B, c, V]
          return logits.logSoftmax(2).gather(targets.expandDims(2), 2).squeeze(2);
        });
        float[][] noGraph = logProbsAndGradient(hidden, upstream, h -> HeadChunks.targetLogProbs(h, w, targets, rows));
        double dv = relative(plain[0], noGraph[0]);
        double dg = relative(plain[1], noGraph[1]);
        System.out.printf(Locale.ROOT, "head log-probs without the graph, %d rows: values %.2e, gradient %.2e%n", rows,
            dv, dg);
        org.junit.jupiter.api.Assertions.assertArrayEquals(values[0], noGraph[0], "the chunked pass's values");
        assertTrue(dv <= 1e-6, "values " + dv);
        assertTrue(dg <= 1e-5, "gradient " + dg);
      }
    }
  }

  private static float[][] logProbsAndGradient(NDArray hidden, NDArray upstream,
      java.util.function.UnaryOperator<NDArray> pass) {
    try (NDManager call = hidden.getManager().newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray h = hidden.duplicate();
      h.attach(call);
      h.setRequiresGradient(true);
      NDArray lp = pass.apply(h); // [B, c]
      gc.backward(lp.mul(upstream).sum());
      return new float[][] {lp.toFloatArray(), h.getGradient().toFloatArray()};
    }
  }

  /** A trainable float16 head receives its gradient through the chunks' slices and widening copies. */
  @Test
  void aTrainableFloat16HeadGetsTheSameGradientChunkByChunk() {
    try (NDManager m = NDManager.newBaseManager()) {
      Engine.getInstance().setRandomSeed(6);
      NDArray w = m.randomNormal(0, 0.05f, new Shape(V, H), DataType.FLOAT32).toType(DataType.FLOAT16, false);
      NDArray hidden = m.randomNormal(new Shape(4, H)); // [N, H]
      NDArray upstream = m.randomNormal(new Shape(4, V)); // [N, V]
      float[] whole = headGradient(w, hidden, upstream, 0);
      float[] chunked = headGradient(w, hidden, upstream, 300);
      double d = relative(whole, chunked);
      System.out.printf(Locale.ROOT, "trainable float16 head: gradient %.2e relative%n", d);
      assertTrue(d <= 1e-3, "float16 gradients of the same sums: " + d); // float16 holds each sum: 2^-11 rounding
    }
  }

  /** The gradient of sum(logits · upstream) for a fresh trainable copy of {@code stored}; rows 0: one product. */
  private static float[] headGradient(NDArray stored, NDArray hidden, NDArray upstream, long rows) {
    try (NDManager call = hidden.getManager().newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray w = stored.duplicate(); // [V, H] float16, a leaf of its own
      w.attach(call);
      w.setRequiresGradient(true);
      NDArray h = hidden.duplicate();
      h.attach(call);
      NDArray logits = rows == 0 ? h.getNDArrayInternal().linear(h, Widen.like(w, h), null).singletonOrThrow()
          : HeadChunks.logits(h, w, rows); // [N, V]
      gc.backward(logits.mul(upstream).sum());
      return w.getGradient().toFloatArray();
    }
  }

  private static float[][] logitsAndGradient(NDArray hidden, NDArray upstream,
      java.util.function.UnaryOperator<NDArray> head) {
    try (NDManager call = hidden.getManager().newSubManager();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray h = hidden.duplicate();
      h.attach(call);
      h.setRequiresGradient(true);
      NDArray logits = head.apply(h); // [B, T, V]
      assertEquals(DataType.FLOAT32, logits.getDataType());
      gc.backward(logits.mul(upstream).sum());
      return new float[][] {logits.toFloatArray(), h.getGradient().toFloatArray()};
    }
  }
}
