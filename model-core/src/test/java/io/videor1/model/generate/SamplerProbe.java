package io.videor1.model.generate;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntToLongFunction;

/**
 * Where the selection sampler's time goes, part by part, on Gaussian rows (σ 1) at Qwen's 152,064 ids with
 * {@code conf/train.conf}'s settings: pass 1 alone (the extremes), passes 1 and 2 ({@link BinnedRow#bin}), one
 * collecting scan, the whole draw, and the log-prob each token records. Wall and thread CPU time per row, medians of
 * 15 blocks of 100 rows: the CPU time is the steadier figure on a machine other jobs load. Not a test: it measures.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp <model-core classes and test classes>
 * io.videor1.model.generate.SamplerProbe [vocab]} (add {@code -Dvideor1.sampler.scalar=true} for the scalar loops).
 */
public final class SamplerProbe {
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  private SamplerProbe() {}

  public static void main(String[] args) {
    int vocab = args.length > 0 ? Integer.parseInt(args[0]) : 152_064;
    SplittableRandom rnd = new SplittableRandom(29);
    float[][] rows = new float[8][vocab];
    for (float[] r : rows) {
      for (int i = 0; i < vocab; i++) {
        r[i] = (float) rnd.nextGaussian();
      }
    }
    double[] u = rnd.doubles(1000).toArray();
    SamplingParams params = SamplingParams.rollout();
    boolean[] none = new boolean[vocab];
    SelectionSampler sampler = new SelectionSampler(params, none);
    BinnedRow row = new BinnedRow(params.temperature(), none);
    BinnedRow binned = new BinnedRow(params.temperature(), none);
    binned.bin(rows[0], 0, vocab);
    int[] oneBin = {BinnedRow.BINS * 3 / 4}; // a bin near the top-p cut of a Gaussian row
    Map<String, IntToLongFunction> parts = new LinkedHashMap<>();
    parts.put("pass 1 (extremes)", k -> RowLanes.PRESENT ? RowLanes.extremes(rows[k & 7], 0, vocab) : 0);
    parts.put("passes 1 and 2 (bin)", k -> row.bin(rows[k & 7], 0, vocab) ? row.tail : 1);
    parts.put("one collecting scan", k -> binned.collect(oneBin, 1).size());
    parts.put("whole draw (tryDraw)", k -> sampler.tryDraw(rows[k & 7], 0, vocab, u[k % u.length]));
    parts.put("log-prob (LogProb.of)", k -> Float.floatToIntBits(LogProb.of(rows[k & 7], 0, vocab, k)));
    Map<String, List<Double>> wall = new LinkedHashMap<>();
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    long sink = 0;
    int n = 100;
    for (int rep = -5; rep < 15; rep++) { // rep < 0 warms the JIT up
      for (Map.Entry<String, IntToLongFunction> e : parts.entrySet()) {
        long c0 = MX.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int k = 0; k < n; k++) {
          sink += e.getValue().applyAsLong(k);
        }
        long t1 = System.nanoTime();
        long c1 = MX.getCurrentThreadCpuTime();
        if (rep >= 0) {
          wall.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).add((t1 - t0) / 1e6 / n);
          cpu.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).add((c1 - c0) / 1e6 / n);
        }
      }
    }
    System.out.printf(Locale.ROOT, "vocab %d, vector lanes %s; ms per row, medians of 15 x %d rows%n", vocab,
        RowLanes.PRESENT, n);
    for (String part : parts.keySet()) {
      System.out.printf(Locale.ROOT, "  %-24s wall %.3f  thread CPU %.3f%n", part, median(wall.get(part)),
          median(cpu.get(part)));
    }
    System.out.println("rows left to the reference: " + sampler.undecided + " (checksum " + sink + ")");
  }

  private static double median(List<Double> x) {
    List<Double> s = new ArrayList<>(x);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }
}
