package io.videor1.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The driver's update on {@code optim.threads} threads against one: an AdamW step and the gradient norm over N float32
 * parameters (100 M by default, in tensors of 4 M like a model's projections), one and T threads interleaved so that
 * both see the same machine load; the medians of the repeats and their ratio. The target is 1.7x on 2 threads.
 *
 * <p>Not a JUnit test: it needs about 2 GB of heap for 100 M parameters. Run from the repository root:
 *
 * <pre>
 * mvn -B -q -o -pl model-core test-compile
 * java -Xmx3g -cp "model-core/target/classes:model-core/target/test-classes" \
 *     io.videor1.optim.OptimBench [parameters] [repeats] [threads]
 * </pre>
 */
public final class OptimBench {
  private static final int TENSOR = 4 << 20;

  private OptimBench() {}

  public static void main(String[] args) {
    long n = args.length > 0 ? Long.parseLong(args[0]) : 100_000_000L;
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    List<float[]> p = new ArrayList<>();
    List<float[]> g = new ArrayList<>();
    List<AdamW.State> s = new ArrayList<>();
    SplittableRandom r = new SplittableRandom(1);
    for (long left = n; left > 0; left -= TENSOR) {
      int size = (int) Math.min(TENSOR, left);
      p.add(fill(r, size, 1f));
      g.add(fill(r, size, 1e-3f));
      s.add(new AdamW.State(size));
    }
    AdamW.Config c = AdamW.Config.videoR1();
    double[][] adam = new double[2][repeats];
    double[][] norm = new double[2][repeats];
    double[] norms = new double[2];
    try (OptimThreads one = OptimThreads.single(); OptimThreads many = new OptimThreads(threads)) {
      OptimThreads[] runners = {one, many};
      int step = 1;
      for (int rep = -1; rep < repeats; rep++) { // repeat -1 warms the JIT up, not counted
        for (int k = 0; k < 2; k++) {
          long t0 = System.nanoTime();
          AdamW.step(p, g, s, step++, 1e-6, c, runners[k]);
          long t1 = System.nanoTime();
          norms[k] = GradClip.globalNorm(g, runners[k]);
          long t2 = System.nanoTime();
          if (rep >= 0) {
            adam[k][rep] = (t1 - t0) / 1e9;
            norm[k][rep] = (t2 - t1) / 1e9;
          }
        }
      }
    }
    if (Double.doubleToRawLongBits(norms[0]) != Double.doubleToRawLongBits(norms[1])) {
      throw new AssertionError("the norms differ: " + norms[0] + " vs " + norms[1]);
    }
    System.out.printf(Locale.ROOT, "optim bench: %,d float32 parameters in %d tensors, %d repeats, %d processors%n",
        n, p.size(), repeats, Runtime.getRuntime().availableProcessors());
    print("adamw step", adam, threads);
    print("grad norm", norm, threads);
  }

  private static void print(String what, double[][] seconds, int threads) {
    double a = median(seconds[0]);
    double b = median(seconds[1]);
    System.out.printf(Locale.ROOT, "%-10s  1 thread %.1f ms   %d threads %.1f ms   ratio %.2fx   (ms: %s | %s)%n", what,
        a * 1e3, threads, b * 1e3, a / b, Arrays.toString(millis(seconds[0])), Arrays.toString(millis(seconds[1])));
  }

  private static double median(double[] v) {
    double[] a = v.clone();
    Arrays.sort(a);
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  private static double[] millis(double[] v) {
    return Arrays.stream(v).map(x -> Math.round(x * 1e4) / 10.0).toArray();
  }

  private static float[] fill(SplittableRandom r, int size, float scale) {
    float[] a = new float[size];
    for (int i = 0; i < size; i++) {
      a[i] = (float) (r.nextDouble() - 0.5) * scale;
    }
    return a;
  }
}
