package io.videor1.reward;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ROUGE as Google's {@code rouge_score} package computes it, and the free-form reward built on it (spec §4.2).
 *
 * <p>ROUGE-N counts clipped n-gram overlap: P = overlap / max(#prediction n-grams, 1), R = overlap / max(#target
 * n-grams, 1). ROUGE-L uses the longest common subsequence of the two token lists (P = LCS / #prediction tokens, R =
 * LCS / #target tokens, all zero when either is empty). ROUGE-Lsum is the summary-level LCS over newline-separated
 * sentences. F = 2PR / (P + R), or 0 when P + R = 0. The arithmetic follows the Python expressions term by term so the
 * doubles agree to the last bit.
 */
public final class RougeScorer {
  private RougeScorer() {}

  /** One ROUGE result. */
  public record Score(double precision, double recall, double fmeasure) {
    static final Score ZERO = new Score(0, 0, 0);

    static Score of(double precision, double recall) {
      return new Score(precision, recall, RougeScorer.fmeasure(precision, recall));
    }
  }

  /**
   * The free-form reward: the mean of the ROUGE-1, ROUGE-2 and ROUGE-L F-measures (with stemming), clipped to [0, 1].
   *
   * @param reference the extracted ground truth (rouge_score's "target")
   * @param hypothesis the extracted prediction
   */
  public static double freeFormReward(String reference, String hypothesis) {
    int[][] ids = SequenceDistance.intern(
        RougeTokenizer.tokenize(reference, true), RougeTokenizer.tokenize(hypothesis, true));
    double f1 = rougeN(ids[0], ids[1], 1).fmeasure();
    double f2 = rougeN(ids[0], ids[1], 2).fmeasure();
    double fl = rougeL(ids[0], ids[1]).fmeasure();
    double mean = (f1 + f2 + fl) / 3;
    return Math.max(0.0, Math.min(1.0, mean));
  }

  /** ROUGE-N of tokenised text. */
  public static Score rougeN(List<String> target, List<String> prediction, int n) {
    int[][] ids = SequenceDistance.intern(target, prediction);
    return rougeN(ids[0], ids[1], n);
  }

  /** ROUGE-L of tokenised text. */
  public static Score rougeL(List<String> target, List<String> prediction) {
    int[][] ids = SequenceDistance.intern(target, prediction);
    return rougeL(ids[0], ids[1]);
  }

  /**
   * ROUGE-Lsum of two texts whose sentences are separated by {@code \n} (rouge_score's default, without sentence
   * splitting). Not part of any reward; provided for parity with rouge_score's own tests. Quadratic per sentence pair.
   */
  public static Score rougeLsum(String target, String prediction, boolean stem) {
    List<List<String>> ref = sentences(target, stem);
    List<List<String>> can = sentences(prediction, stem);
    if (ref.isEmpty() || can.isEmpty()) {
      return Score.ZERO;
    }
    int m = ref.stream().mapToInt(List::size).sum();
    int n = can.stream().mapToInt(List::size).sum();
    if (m == 0 || n == 0) {
      return Score.ZERO;
    }
    Map<String, Integer> refCounts = new HashMap<>();
    Map<String, Integer> canCounts = new HashMap<>();
    ref.forEach(s -> s.forEach(t -> refCounts.merge(t, 1, Integer::sum)));
    can.forEach(s -> s.forEach(t -> canCounts.merge(t, 1, Integer::sum)));
    int hits = 0;
    for (List<String> r : ref) {
      for (String t : unionLcs(r, can)) {
        // Each token counts at most as often as it occurs on both sides.
        if (canCounts.getOrDefault(t, 0) > 0 && refCounts.getOrDefault(t, 0) > 0) {
          hits++;
          canCounts.merge(t, -1, Integer::sum);
          refCounts.merge(t, -1, Integer::sum);
        }
      }
    }
    double recall = (double) hits / m;
    double precision = (double) hits / n;
    return Score.of(precision, recall);
  }

  /** rouge_score's {@code fmeasure}. */
  static double fmeasure(double precision, double recall) {
    return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
  }

  static Score rougeN(int[] target, int[] prediction, int n) {
    Map<Object, int[]> counts = new HashMap<>();
    int targetTotal = Math.max(0, target.length - n + 1);
    int predictionTotal = Math.max(0, prediction.length - n + 1);
    for (int i = 0; i < targetTotal; i++) {
      counts.computeIfAbsent(key(target, i, n), k -> new int[2])[0]++;
    }
    for (int i = 0; i < predictionTotal; i++) {
      int[] c = counts.get(key(prediction, i, n));
      if (c != null) {
        c[1]++;
      }
    }
    int overlap = 0;
    for (int[] c : counts.values()) {
      overlap += Math.min(c[0], c[1]);
    }
    double precision = (double) overlap / Math.max(predictionTotal, 1);
    double recall = (double) overlap / Math.max(targetTotal, 1);
    return Score.of(precision, recall);
  }

  static Score rougeL(int[] target, int[] prediction) {
    if (target.length == 0 || prediction.length == 0) {
      return Score.ZERO;
    }
    int lcs = SequenceDistance.lcsLength(target, prediction);
    double precision = (double) lcs / prediction.length;
    double recall = (double) lcs / target.length;
    return Score.of(precision, recall);
  }

  private static Object key(int[] ids, int start, int n) {
    if (n == 1) {
      return (long) ids[start];
    }
    if (n == 2) {
      return ((long) ids[start] << 32) | (ids[start + 1] & 0xFFFFFFFFL);
    }
    return Arrays.asList(Arrays.stream(ids, start, start + n).boxed().toArray(Integer[]::new));
  }

  private static List<List<String>> sentences(String text, boolean stem) {
    List<List<String>> out = new ArrayList<>();
    for (String s : text.split("\n", -1)) {
      if (!s.isEmpty()) {
        out.add(RougeTokenizer.tokenize(s, stem));
      }
    }
    return out;
  }

  /** The tokens of {@code ref} at the union of the positions of one LCS with each candidate sentence. */
  private static List<String> unionLcs(List<String> ref, List<List<String>> candidates) {
    boolean[] inUnion = new boolean[ref.size()];
    for (List<String> c : candidates) {
      for (int i : lcsIndices(ref, c)) {
        inUnion[i] = true;
      }
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < inUnion.length; i++) {
      if (inUnion[i]) {
        out.add(ref.get(i));
      }
    }
    return out;
  }

  /** Positions in {@code ref} of the LCS that rouge_score's table backtrack picks (ties move left in {@code can}). */
  private static List<Integer> lcsIndices(List<String> ref, List<String> can) {
    int rows = ref.size();
    int cols = can.size();
    int[][] t = new int[rows + 1][cols + 1];
    for (int i = 1; i <= rows; i++) {
      for (int j = 1; j <= cols; j++) {
        t[i][j] = ref.get(i - 1).equals(can.get(j - 1)) ? t[i - 1][j - 1] + 1 : Math.max(t[i - 1][j], t[i][j - 1]);
      }
    }
    List<Integer> idx = new ArrayList<>();
    int i = rows;
    int j = cols;
    while (i > 0 && j > 0) {
      if (ref.get(i - 1).equals(can.get(j - 1))) {
        idx.add(0, i - 1);
        i--;
        j--;
      } else if (t[i][j - 1] > t[i - 1][j]) {
        j--;
      } else {
        i--;
      }
    }
    return idx;
  }
}
