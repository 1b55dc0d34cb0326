package io.videor1.reward;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Unit-cost Levenshtein distance and LCS length over token sequences, bit-parallel.
 *
 * <p>The reference fills the full (m+1)×(n+1) table for both (OCR's word error rate and ROUGE-L), which is quadratic
 * in time and memory; a completion of a few hundred thousand words would stall a rollout. The answers are the same
 * numbers computed 64 table rows at a time: Myers' algorithm in Hyyrö's multi-block form (global alignment: the top
 * row grows by one per text token) for the edit distance, and the Crochemore et al. / Hyyrö bit-vector recurrence
 * for the LCS. Tests check both against the plain dynamic programme.
 *
 * <p>Tokens are compared by {@code equals}; they are first mapped to dense integer ids.
 */
public final class SequenceDistance {
  /** Above this many mask words the per-token masks are rebuilt on the fly instead of all held at once. */
  private static final long DENSE_MASK_WORDS = 1L << 22;

  private SequenceDistance() {}

  /** The unit-cost edit distance between {@code a} and {@code b} (substitution, insertion, deletion). */
  public static int levenshtein(List<String> a, List<String> b) {
    int[][] ids = intern(a, b);
    return levenshtein(ids[0], ids[1]);
  }

  /** The length of a longest common subsequence of {@code a} and {@code b}. */
  public static int lcsLength(List<String> a, List<String> b) {
    int[][] ids = intern(a, b);
    return lcsLength(ids[0], ids[1]);
  }

  /** Edit distance on interned ids ({@link #levenshtein(List, List)}). */
  public static int levenshtein(int[] a, int[] b) {
    return levenshtein(a, b, DENSE_MASK_WORDS);
  }

  static int levenshtein(int[] a, int[] b, long denseMaskWords) {
    int m = a.length;
    int n = b.length;
    if (m == 0 || n == 0) {
      return m + n;
    }
    Masks masks = new Masks(a, b, denseMaskWords);
    int blocks = masks.blocks;
    long[] pv = new long[blocks];
    long[] mv = new long[blocks];
    Arrays.fill(pv, -1L); // column 0 grows by one per row
    int lastBit = (m - 1) & 63;
    int score = m;
    for (int j = 0; j < n; j++) {
      long[] eqRow = masks.row(b[j]);
      int hin = 1; // global alignment: row 0 grows by one per text token
      for (int k = 0; k < blocks; k++) {
        long eq = eqRow[k];
        long pvk = pv[k];
        long mvk = mv[k];
        long xv = eq | mvk;
        if (hin < 0) {
          eq |= 1L;
        }
        long xh = (((eq & pvk) + pvk) ^ pvk) | eq;
        long ph = mvk | ~(xh | pvk);
        long mh = pvk & xh;
        int bit = k == blocks - 1 ? lastBit : 63; // rows past m in the last block never feed the rows above
        int hout = (int) ((ph >>> bit) & 1L) - (int) ((mh >>> bit) & 1L);
        ph <<= 1;
        mh <<= 1;
        if (hin < 0) {
          mh |= 1L;
        } else if (hin > 0) {
          ph |= 1L;
        }
        pv[k] = mh | ~(xv | ph);
        mv[k] = ph & xv;
        hin = hout;
      }
      score += hin;
    }
    return score;
  }

  /** LCS length on interned ids ({@link #lcsLength(List, List)}). */
  public static int lcsLength(int[] a, int[] b) {
    return lcsLength(a, b, DENSE_MASK_WORDS);
  }

  static int lcsLength(int[] a, int[] b, long denseMaskWords) {
    int m = a.length;
    if (m == 0 || b.length == 0) {
      return 0;
    }
    Masks masks = new Masks(a, b, denseMaskWords);
    int blocks = masks.blocks;
    long[] v = new long[blocks];
    Arrays.fill(v, -1L);
    for (int id : b) {
      long[] match = masks.row(id);
      long carry = 0;
      for (int k = 0; k < blocks; k++) {
        long vk = v[k];
        long u = vk & match[k];
        long sum = vk + u;
        long carryOut = Long.compareUnsigned(sum, vk) < 0 ? 1 : 0;
        long sum2 = sum + carry;
        if (carry != 0 && sum2 == 0) {
          carryOut = 1;
        }
        carry = carryOut;
        v[k] = sum2 | (vk & ~match[k]);
      }
    }
    int zeros = 0;
    for (int k = 0; k < blocks; k++) {
      int bits = k == blocks - 1 ? m - 64 * k : 64;
      long mask = bits == 64 ? -1L : (1L << bits) - 1;
      zeros += bits - Long.bitCount(v[k] & mask);
    }
    return zeros;
  }

  /** Maps both token lists to dense ids, {@code a}'s first; ids that occur only in {@code b} never match. */
  static int[][] intern(List<String> a, List<String> b) {
    Map<String, Integer> ids = new HashMap<>();
    int[] ia = new int[a.size()];
    int[] ib = new int[b.size()];
    for (int i = 0; i < ia.length; i++) {
      ia[i] = ids.computeIfAbsent(a.get(i), k -> ids.size());
    }
    for (int i = 0; i < ib.length; i++) {
      ib[i] = ids.computeIfAbsent(b.get(i), k -> ids.size());
    }
    return new int[][] {ia, ib};
  }

  /** Per-token match bit masks over the pattern {@code a}: bit i of row c is set where a[i] == c. */
  private static final class Masks {
    final int blocks;
    private final long[] zero;
    private final long[][] dense;
    private final int[][] positions;
    private final long[] scratch;

    Masks(int[] a, int[] b, long denseMaskWords) {
      blocks = (a.length + 63) >>> 6;
      zero = new long[blocks];
      int maxId = 0;
      for (int id : a) {
        maxId = Math.max(maxId, id);
      }
      for (int id : b) {
        maxId = Math.max(maxId, id);
      }
      int[] countInA = new int[maxId + 1];
      for (int id : a) {
        countInA[id]++;
      }
      boolean[] seenInB = new boolean[maxId + 1];
      long common = 0;
      for (int id : b) {
        if (countInA[id] > 0 && !seenInB[id]) {
          common++;
        }
        seenInB[id] = true;
      }
      if (common * blocks <= denseMaskWords) {
        dense = new long[maxId + 1][];
        positions = null;
        scratch = null;
        for (int i = 0; i < a.length; i++) {
          if (seenInB[a[i]]) {
            if (dense[a[i]] == null) {
              dense[a[i]] = new long[blocks];
            }
            dense[a[i]][i >>> 6] |= 1L << (i & 63);
          }
        }
      } else {
        dense = null;
        positions = new int[maxId + 1][];
        int[] fill = new int[maxId + 1];
        for (int i = 0; i < a.length; i++) {
          int id = a[i];
          if (positions[id] == null) {
            positions[id] = new int[countInA[id]];
          }
          positions[id][fill[id]++] = i;
        }
        scratch = new long[blocks];
      }
    }

    /** The mask for token {@code id}; the returned array must not be modified and is valid until the next call. */
    long[] row(int id) {
      if (dense != null) {
        long[] r = id < dense.length ? dense[id] : null;
        return r == null ? zero : r;
      }
      int[] pos = id < positions.length ? positions[id] : null;
      if (pos == null) {
        return zero;
      }
      Arrays.fill(scratch, 0L);
      for (int i : pos) {
        scratch[i >>> 6] |= 1L << (i & 63);
      }
      return scratch;
    }
  }
}
