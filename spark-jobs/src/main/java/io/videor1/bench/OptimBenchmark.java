package io.videor1.bench;

import io.videor1.optim.AdamW;
import io.videor1.optim.GradClip;
import io.videor1.optim.OptimThreads;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

/**
 * The driver's optimizer update (global gradient norm, clip, AdamW) on one thread and on several, timed alternately in
 * one process on the same tensors, and whether both give the same bits.
 *
 * <p>Why alternate: on a shared machine the load drifts; timing one-thread and several-thread updates in turn, each
 * repeat a pair, lets a drift hit both sides, and the ratio is the median of the pairs' ratios. The parameters are cut
 * into tensors of Qwen-like sizes (a 3,584 x 18,944 MLP matrix is 68 M; here tensors of {@code tensorElements}), so
 * the update crosses tensor edges as a real one does.
 *
 * <p>Why the bits: {@link OptimThreads} promises any thread count the same result. The check runs {@code steps}
 * updates from one seeded state on each thread count and compares a CRC of every parameter's and moment's raw bits
 * plus the norms' bits, so a chunking or summation-order change that moves one ulp fails it.
 */
public final class OptimBenchmark {
  /** What to run: parameter count, tensor size, thread counts to compare, repeats. */
  public record Options(long params, int tensorElements, int threads, int repeats) {
    public Options {
      if (params < 1 || tensorElements < 1 || threads < 2 || repeats < 1) {
        throw new IllegalArgumentException("params, tensor size and repeats must be >= 1 and threads >= 2");
      }
    }
  }

  private static final AdamW.Config ADAMW = AdamW.Config.videoR1();
  private static final double LR = 1e-6;
  private static final double MAX_NORM = 1.0;

  private OptimBenchmark() {}

  /** Runs the benchmark, prints the table to {@code out}, returns the figures (for --json). */
  public static Map<String, Object> run(Options o, PrintStream out) {
    State s = State.seeded(o, 17);
    // The bit check first (2 updates from the seeded state on each count), then the timing on the state it left.
    long oneBits = s.copy().updates(OptimThreads.single(), 2);
    long manyBits;
    try (OptimThreads many = new OptimThreads(o.threads())) {
      manyBits = s.copy().updates(many, 2);
    }
    boolean identical = oneBits == manyBits;

    List<Double> oneMs = new ArrayList<>();
    List<Double> manyMs = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    int step = 1;
    try (OptimThreads many = new OptimThreads(o.threads())) {
      s.update(OptimThreads.single(), step++); // warm-up: JIT and page faults of the moments
      s.update(many, step++);
      for (int r = 0; r < o.repeats(); r++) {
        double a = s.timed(OptimThreads.single(), step++);
        double b = s.timed(many, step++);
        oneMs.add(a);
        manyMs.add(b);
        ratios.add(a / b);
      }
    }
    double[] triad = triadGbPerS((int) Math.min(64 << 20, o.params()), o.threads(), o.repeats());
    double one = Stats.median(oneMs);
    double par = Stats.median(manyMs);
    double ratio = Stats.median(ratios);
    // Bytes the update moves: norm reads g; AdamW reads p, g, m, v and writes p, m, v (clip's scale folded in).
    double gbPerUpdate = o.params() * 4.0 * 8 / 1e9;
    out.printf("bench optim: %,d parameters in tensors of %,d, norm + clip + AdamW, medians of %d alternating pairs%n",
        o.params(), o.tensorElements(), o.repeats());
    out.printf("  1 thread   %8.1f ms/update  %5.1f GB/s%n", one, gbPerUpdate / (one / 1e3));
    out.printf("  %d threads  %8.1f ms/update  %5.1f GB/s%n", o.threads(), par, gbPerUpdate / (par / 1e3));
    out.printf("  speed-up %.2fx (median of per-pair ratios; target >= 1.7x at 2 threads), same bits: %s%n", ratio,
        identical ? "yes" : "NO");
    out.printf("  the machine's memory bandwidth (STREAM's triad a = b + s*c, 12 B per element): 1 thread %.1f GB/s, %d threads %.1f"
        + " GB/s, a ceiling of %.2fx for a memory-bound loop%n", triad[0], o.threads(), triad[1], triad[1] / triad[0]);
    out.printf("  cpu %s, load average at the end %s%n", Stats.cpu(), loadAverage());
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("params", o.params());
    f.put("threads", o.threads());
    f.put("ms_per_update", Map.of("one", one, "many", par));
    f.put("speedup", ratio);
    f.put("bit_identical", identical);
    f.put("triad_gb_per_s", Map.of("one", triad[0], "many", triad[1]));
    f.put("cpu", Stats.cpu());
    f.put("load_average", loadAverage());
    return f;
  }

  /**
   * STREAM's triad over 3 arrays of {@code n} floats (at most 256 MB each) on one thread and on {@code threads},
   * chunked as the update is: the bandwidth a memory-bound loop
   * can reach, so the update's ratio can be read against the machine's own (a VM whose cores share one memory channel
   * gives two threads no more bytes per second than one).
   */
  private static double[] triadGbPerS(int n, int threads, int repeats) {
    float[] a = new float[n];
    float[] b = new float[n];
    float[] c = new float[n];
    java.util.Arrays.fill(b, 1f);
    java.util.Arrays.fill(c, 2f);
    int[] sizes = {n};
    OptimThreads.RangeBody triad = (t, from, to) -> {
      for (int i = from; i < to; i++) {
        a[i] = b[i] + 0.5f * c[i];
      }
    };
    List<Double> one = new ArrayList<>();
    List<Double> many = new ArrayList<>();
    try (OptimThreads pool = new OptimThreads(threads)) {
      OptimThreads.single().forEachChunk(sizes, triad); // warm-up and page faults
      pool.forEachChunk(sizes, triad);
      for (int r = 0; r < repeats; r++) {
        long t0 = System.nanoTime();
        OptimThreads.single().forEachChunk(sizes, triad);
        long t1 = System.nanoTime();
        pool.forEachChunk(sizes, triad);
        long t2 = System.nanoTime();
        one.add(n * 12.0 / (t1 - t0));
        many.add(n * 12.0 / (t2 - t1));
      }
    }
    return new double[] {Stats.median(one), Stats.median(many)};
  }

  private static String loadAverage() {
    try {
      String[] p = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split(" ");
      return p[0] + " " + p[1] + " " + p[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** Parameters, gradients and moments, as the driver holds them for full weights. */
  private record State(List<float[]> params, List<float[]> grads, List<AdamW.State> moments) {
    static State seeded(Options o, long seed) {
      SplittableRandom r = new SplittableRandom(seed);
      List<float[]> p = new ArrayList<>();
      List<float[]> g = new ArrayList<>();
      List<AdamW.State> m = new ArrayList<>();
      for (long left = o.params(); left > 0; left -= o.tensorElements()) {
        int n = (int) Math.min(left, o.tensorElements());
        p.add(fill(r, n, 0.02f));
        g.add(fill(r, n, 1e-3f));
        m.add(new AdamW.State(n));
      }
      return new State(p, g, m);
    }

    private static float[] fill(SplittableRandom r, int n, float scale) {
      float[] a = new float[n];
      for (int i = 0; i < n; i++) {
        a[i] = (float) (r.nextDouble(-1, 1) * scale);
      }
      return a;
    }

    State copy() {
      List<float[]> p = new ArrayList<>();
      List<AdamW.State> m = new ArrayList<>();
      for (int t = 0; t < params.size(); t++) {
        p.add(params.get(t).clone());
        AdamW.State s = moments.get(t);
        m.add(new AdamW.State(s.m.clone(), s.v.clone()));
      }
      // The gradients are copied too: clipping scales them in place.
      List<float[]> g = new ArrayList<>();
      for (float[] a : grads) {
        g.add(a.clone());
      }
      return new State(p, g, m);
    }

    /** {@code n} updates; a CRC of the norms' bits and every parameter's and moment's bits afterwards. */
    long updates(OptimThreads threads, int n) {
      CRC32 crc = new CRC32();
      for (int step = 1; step <= n; step++) {
        double norm = update(threads, step);
        crc.update(java.nio.ByteBuffer.allocate(8).putLong(Double.doubleToRawLongBits(norm)).array());
      }
      for (int t = 0; t < params.size(); t++) {
        add(crc, params.get(t));
        add(crc, moments.get(t).m);
        add(crc, moments.get(t).v);
      }
      return crc.getValue();
    }

    private static void add(CRC32 crc, float[] a) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(a.length * 4);
      b.asFloatBuffer().put(a);
      crc.update(b.array());
    }

    double update(OptimThreads threads, int step) {
      double norm = GradClip.clip(grads, MAX_NORM, threads);
      AdamW.step(params, grads, moments, step, LR, ADAMW, threads);
      return norm;
    }

    double timed(OptimThreads threads, int step) {
      long t0 = System.nanoTime();
      update(threads, step);
      return (System.nanoTime() - t0) / 1e6;
    }
  }
}
