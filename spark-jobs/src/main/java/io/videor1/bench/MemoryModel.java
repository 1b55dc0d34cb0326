package io.videor1.bench;

import ai.djl.ndarray.NDManager;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.config.TextConfig;
import io.videor1.model.lora.LoraAdapter;
import io.videor1.model.lora.LoraConfig;
import io.videor1.model.nn.Linear;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The memory a T-GRPO run needs, part by part, where {@code io.videor1.train} places it: arithmetic for what is sized
 * by the parameters, and for the activations a per-layer law whose three coefficients {@code bench memory} measures.
 *
 * <p>Parameters: executors hold every weight in the compute dtype (b bytes: 2 in f16, 4 in f32), a second copy for
 * the starting values of what trains for the frozen reference with full weights and β > 0 (it shares the frozen
 * tensors with the policy; under LoRA the reference is the base with the adapters off), and the gradients of what trains in b bytes each; the driver holds 16 bytes per trainable parameter on its heap
 * (float32 master, AdamW's m and v, the summed gradient) and nothing of the model (it reads what trains from the
 * checkpoint's files and writes checkpoints from them, tensor by tensor).
 *
 * <p>Activations of a teacher-forced pass over a prompt of T_p tokens and r completions of L tokens, with n decoder
 * layers: a constant {@code k} per pass, {@code c0} bytes per token per layer, {@code c1} bytes per (query, key) pair of
 * attention per layer (scores and probabilities, which grow with the context), and {@code h} bytes per logit (a
 * completion token's logits and log-softmax over the vocabulary). The plain pass keeps all of it until backward;
 * micro-batches of m keep the prompt's layers and one micro-batch's; recomputation keeps each layer's input (H·b per
 * token) and one layer's working set at a time. {@code bench memory} fits the four by least squares (none negative)
 * to plain passes of several shapes.
 */
public final class MemoryModel {
  private MemoryModel() {}

  /**
   * The activation law: bytes per pass ({@code k}), per token per layer ({@code c0}), per attended key per token per
   * layer ({@code c1}) and per logit ({@code h}).
   */
  public record Coefficients(double k, double c0, double c1, double h) {}

  /**
   * A pass's shape: the prompt's tokens, completions (ordered and shuffled together) and their tokens, and how the
   * pass bounds its memory (micro-batch 0: all rows at once).
   */
  public record Shape(long promptTokens, int rows, long length, int microBatch, boolean recompute) {
    /** Rows of one micro-batch. */
    int rowsAtOnce() {
      return microBatch == 0 ? rows : Math.min(microBatch, rows);
    }

    /** Whether this is the plain pass (everything kept). */
    boolean plain() {
      return !recompute && rowsAtOnce() == rows;
    }
  }

  /** The run's settings that size the parameter parts. */
  public record Setup(Qwen25VlConfig config, int computeBytes, LoraConfig lora, List<String> freeze, double beta) {}

  /** Parameters: all of them, those that train, and the LoRA adapters' (0 without LoRA). */
  public record Counts(long all, long trainable, long adapters) {}

  /** Counts from the model's own module tree (no array is allocated). */
  public static Counts counts(Qwen25VlConfig config, LoraConfig lora, List<String> freeze) {
    try (NDManager m = NDManager.newBaseManager(); Qwen25VlModel model = new Qwen25VlModel(config, m)) {
      long all = config.parameterCount();
      if (lora != null) {
        long adapters = 0;
        for (Linear lin : LoraAdapter.targets(model, lora).values()) {
          adapters += (long) lora.r() * (lin.in() + lin.out()); // A [r, in] and B [out, r]
        }
        return new Counts(all, adapters, adapters);
      }
      long trainable = 0;
      for (Map.Entry<String, ai.djl.ndarray.types.Shape> e : model.shapes().entrySet()) {
        if (freeze.stream().noneMatch(f -> e.getKey().equals(f) || e.getKey().startsWith(f + "."))) {
          trainable += e.getValue().size();
        }
      }
      return new Counts(all, trainable, 0);
    }
  }

  /** The parts that parameters size, in bytes, by name (the names {@code bench memory} prints). */
  public static Map<String, Long> parameterParts(Setup s) {
    Counts c = counts(s.config(), s.lora(), s.freeze());
    Map<String, Long> p = new LinkedHashMap<>();
    p.put("executor.weights", (c.all() + c.adapters()) * s.computeBytes());
    p.put("executor.reference", s.lora() == null && s.beta() > 0 ? c.trainable() * s.computeBytes() : 0L);
    p.put("executor.gradients", c.trainable() * s.computeBytes());
    p.put("driver.state", 16 * c.trainable());
    p.put("driver.model", 0L); // neither driver policy holds the model (FullDriverPolicy, LoraDriverPolicy)
    return p;
  }

  /** Activation bytes of one policy pass (forward kept for backward) of {@code shape}. */
  public static double activations(TextConfig t, int computeBytes, Shape shape, Coefficients k) {
    int n = t.numHiddenLayers();
    long mL = shape.rowsAtOnce() * shape.length();
    double prompt = k.c0() * shape.promptTokens() + k.c1() * promptPairs(shape.promptTokens());
    double micro = k.c0() * mL + k.c1() * completionPairs(shape.promptTokens(), shape.rowsAtOnce(), shape.length());
    double head = k.h() * t.vocabSize() * mL;
    if (!shape.recompute()) {
      return k.k() + n * (prompt + micro) + head;
    }
    double inputs = (double) n * t.hiddenSize() * computeBytes * (shape.promptTokens() + mL); // each layer's input
    return k.k() + inputs + Math.max(prompt, micro) + head;
  }

  /** What a plain pass's activations are a combination of: 1, n·tokens, n·pairs, vocabulary·completion tokens. */
  static double[] terms(TextConfig t, Shape s) {
    int n = t.numHiddenLayers();
    return new double[] {1, (double) n * (s.promptTokens() + (long) s.rows() * s.length()),
        (double) n * (promptPairs(s.promptTokens()) + completionPairs(s.promptTokens(), s.rows(), s.length())),
        (double) t.vocabSize() * s.rows() * s.length()};
  }

  /**
   * The law that fits plain passes' measured activations best (least squares, no coefficient negative: a negative one
   * would be noise, and extrapolated to Video-R1's shapes it would subtract gigabytes). Shapes should differ in prompt
   * and in completion length, four at least.
   */
  public static Coefficients fit(TextConfig t, List<Shape> shapes, List<Double> measured) {
    if (shapes.size() < 4 || shapes.size() != measured.size()) {
      throw new IllegalArgumentException("the fit takes four plain passes or more, one measurement each");
    }
    double[][] a = new double[shapes.size()][];
    double[] y = new double[shapes.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = terms(t, shapes.get(i));
      y[i] = measured.get(i);
    }
    double[] best = null;
    double bestResidual = Double.POSITIVE_INFINITY;
    for (int free = 1; free < 16; free++) { // every set of coefficients allowed to be non-zero
      double[] x = leastSquares(a, y, free);
      if (x == null || java.util.Arrays.stream(x).anyMatch(v -> v < 0)) {
        continue;
      }
      double r = 0;
      for (int i = 0; i < a.length; i++) {
        double e = y[i];
        for (int j = 0; j < 4; j++) {
          e -= a[i][j] * x[j];
        }
        r += e * e;
      }
      if (r < bestResidual) {
        bestResidual = r;
        best = x;
      }
    }
    if (best == null) {
      throw new IllegalStateException("no non-negative law fits the passes " + measured);
    }
    return new Coefficients(best[0], best[1], best[2], best[3]);
  }

  /**
   * Least squares over the columns in bit set {@code free} (the others 0), by the normal equations with columns scaled
   * to unit norm; null when they are singular.
   */
  static double[] leastSquares(double[][] a, double[] y, int free) {
    int[] cols = java.util.stream.IntStream.range(0, 4).filter(j -> (free & (1 << j)) != 0).toArray();
    int m = cols.length;
    double[] norm = new double[m];
    for (int c = 0; c < m; c++) {
      for (double[] row : a) {
        norm[c] += row[cols[c]] * row[cols[c]];
      }
      norm[c] = Math.sqrt(norm[c]);
    }
    double[][] ata = new double[m][m];
    double[] aty = new double[m];
    for (int i = 0; i < a.length; i++) {
      for (int p = 0; p < m; p++) {
        double ap = a[i][cols[p]] / norm[p];
        aty[p] += ap * y[i];
        for (int q = 0; q < m; q++) {
          ata[p][q] += ap * a[i][cols[q]] / norm[q];
        }
      }
    }
    double[] z = solve(ata, aty);
    if (z == null) {
      return null;
    }
    double[] x = new double[4];
    for (int c = 0; c < m; c++) {
      x[cols[c]] = z[c] / norm[c];
    }
    return x;
  }

  /** Pairs (query, key) of a causal prompt of {@code t} tokens: t(t+1)/2. */
  static double promptPairs(long t) {
    return t * (t + 1) / 2.0;
  }

  /** Pairs of {@code rows} completions of {@code l} tokens after a prompt of {@code t}: each token sees the prompt. */
  static double completionPairs(long t, int rows, long l) {
    return rows * (l * (double) t + l * (l + 1) / 2.0);
  }

  /** Gaussian elimination with partial pivoting; null when the system is singular. */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = java.util.Arrays.copyOf(a[i], n + 1);
      m[i][n] = b[i];
    }
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
          p = r;
        }
      }
      if (Math.abs(m[p][c]) < 1e-12) {
        return null;
      }
      double[] tmp = m[c];
      m[c] = m[p];
      m[p] = tmp;
      for (int r = c + 1; r < n; r++) {
        double f = m[r][c] / m[c][c];
        for (int k = c; k <= n; k++) {
          m[r][k] -= f * m[c][k];
        }
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = m[r][n];
      for (int k = r + 1; k < n; k++) {
        s -= m[r][k] * x[k];
      }
      x[r] = s / m[r][r];
    }
    return x;
  }

  /**
   * {@code k}, measured on a model of {@code from}'s widths, for a model of {@code to}'s: c0 in proportion to hidden
   * plus MLP width (what a token's per-layer intermediates are made of), c1 to the attention heads (a score per head),
   * h unchanged (bytes per logit). Exact when the widths are equal, as between 7b-slice and 7B.
   */
  public static Coefficients scaled(Coefficients k, TextConfig from, TextConfig to) {
    double width = (double) (to.hiddenSize() + to.intermediateSize()) / (from.hiddenSize() + from.intermediateSize());
    double heads = (double) to.numAttentionHeads() / from.numAttentionHeads();
    return new Coefficients(k.k(), k.c0() * width, k.c1() * heads, k.h());
  }

  /** Whether two configs have the same widths (so coefficients carry over exactly). */
  public static boolean sameWidths(TextConfig a, TextConfig b) {
    return a.hiddenSize() == b.hiddenSize() && a.intermediateSize() == b.intermediateSize()
        && a.numAttentionHeads() == b.numAttentionHeads() && a.numKeyValueHeads() == b.numKeyValueHeads();
  }
}
