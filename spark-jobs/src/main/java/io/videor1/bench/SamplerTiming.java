package io.videor1.bench;

import io.videor1.model.generate.SamplerKind;
import io.videor1.model.generate.SamplingParams;
import io.videor1.model.generate.TokenSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The sampler alone: milliseconds per row-token of the sorting (old) and selection (new) algorithms on the same rows
 * with the same uniforms, timed side by side in one loop, and whether every draw agreed.
 *
 * <p>Rows are Gaussian logits (σ 1: the "random logits"; a random-initialised model's rows are flatter,
 * which costs the selection sampler about the same). Each repeat times a block of old draws, then a block of new
 * ones, so load drifts of a shared machine hit both; the figures are medians over repeats.
 */
final class SamplerTiming {
  /**
   * Medians in ms per row-token of the draw and of the log-prob every generated token records, old and new; results
   * compared (draws and log-prob bits), results that differed, rows the new sampler sent to the reference.
   */
  record Result(double oldMs, double newMs, double oldLogProbMs, double newLogProbMs, int compared, int mismatches,
      long fallbacks) {}

  private SamplerTiming() {}

  static Result measure(SamplingParams params, int vocab, int repeats, int oldRows, int newRows) {
    SplittableRandom rnd = new SplittableRandom(29);
    float[][] rows = new float[8][vocab]; // [R, V], reused round-robin
    for (float[] r : rows) {
      for (int i = 0; i < vocab; i++) {
        r[i] = (float) rnd.nextGaussian();
      }
    }
    TokenSampler old = new TokenSampler(params, vocab, SamplerKind.SORTING);
    TokenSampler fast = new TokenSampler(params, vocab, SamplerKind.SELECTION);
    double[] u = rnd.doubles(Math.max(oldRows, newRows)).toArray();
    int[] reference = new int[oldRows];
    float[] oldLogProb = new float[oldRows];
    List<Double> oldMs = new ArrayList<>();
    List<Double> newMs = new ArrayList<>();
    List<Double> oldLogProbMs = new ArrayList<>();
    List<Double> newLogProbMs = new ArrayList<>();
    int compared = 0;
    int mismatches = 0;
    long sink = 0;
    for (int r = -3; r < repeats; r++) { // r < 0 warms the JIT up
      long t0 = System.nanoTime();
      for (int k = 0; k < oldRows; k++) {
        reference[k] = old.draw(rows[k % rows.length], 0, vocab, u[k]);
      }
      long t1 = System.nanoTime();
      for (int k = 0; k < newRows; k++) {
        int token = fast.draw(rows[k % rows.length], 0, vocab, u[k]);
        sink += token;
        if (k < oldRows) {
          compared++;
          mismatches += token == reference[k] ? 0 : 1;
        }
      }
      long t2 = System.nanoTime();
      for (int k = 0; k < oldRows; k++) {
        oldLogProb[k] = old.logProb(rows[k % rows.length], 0, vocab, reference[k]);
      }
      long t3 = System.nanoTime();
      for (int k = 0; k < oldRows; k++) {
        float got = fast.logProb(rows[k % rows.length], 0, vocab, reference[k]);
        compared++;
        mismatches += Float.floatToIntBits(got) == Float.floatToIntBits(oldLogProb[k]) ? 0 : 1;
      }
      long t4 = System.nanoTime();
      if (r >= 0) {
        oldMs.add((t1 - t0) / 1e6 / oldRows);
        newMs.add((t2 - t1) / 1e6 / newRows);
        oldLogProbMs.add((t3 - t2) / 1e6 / oldRows);
        newLogProbMs.add((t4 - t3) / 1e6 / oldRows);
      }
    }
    if (sink == Long.MIN_VALUE) {
      throw new IllegalStateException(); // keeps the draws from being optimised away
    }
    return new Result(Stats.median(oldMs), Stats.median(newMs), Stats.median(oldLogProbMs),
        Stats.median(newLogProbMs), compared, mismatches, fast.fallbacks());
  }
}
