package io.videor1.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bit-parallel edit distance and LCS against the reference's plain dynamic programmes. */
class SequenceDistanceTest {

  /** The reference's WER table (grpo.py {@code wer}), row by row. */
  private static int dpLevenshtein(List<String> a, List<String> b) {
    int[][] d = new int[a.size() + 1][b.size() + 1];
    for (int i = 0; i <= a.size(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.size(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.size(); i++) {
      for (int j = 1; j <= b.size(); j++) {
        d[i][j] = a.get(i - 1).equals(b.get(j - 1))
            ? d[i - 1][j - 1]
            : 1 + Math.min(d[i - 1][j], Math.min(d[i][j - 1], d[i - 1][j - 1]));
      }
    }
    return d[a.size()][b.size()];
  }

  /** rouge_score's {@code _lcs_table}. */
  private static int dpLcs(List<String> a, List<String> b) {
    int[][] t = new int[a.size() + 1][b.size() + 1];
    for (int i = 1; i <= a.size(); i++) {
      for (int j = 1; j <= b.size(); j++) {
        t[i][j] = a.get(i - 1).equals(b.get(j - 1)) ? t[i - 1][j - 1] + 1 : Math.max(t[i - 1][j], t[i][j - 1]);
      }
    }
    return t[a.size()][b.size()];
  }

  private static List<String> randomTokens(Random rnd, int len, int alphabet) {
    List<String> out = new ArrayList<>(len);
    for (int i = 0; i < len; i++) {
      out.add("w" + rnd.nextInt(alphabet));
    }
    return out;
  }

  @Test
  void matchesTheDynamicProgrammeAcrossBlockBoundaries() {
    Random rnd = new Random(11);
    int[] lengths = {0, 1, 2, 5, 63, 64, 65, 127, 128, 129, 200};
    for (int trial = 0; trial < 3000; trial++) {
      int m = lengths[rnd.nextInt(lengths.length)];
      int n = rnd.nextBoolean() ? lengths[rnd.nextInt(lengths.length)] : rnd.nextInt(150);
      int alphabet = 1 + rnd.nextInt(trial % 3 == 0 ? 3 : 40);
      List<String> a = randomTokens(rnd, m, alphabet);
      List<String> b = randomTokens(rnd, n, alphabet);
      assertEquals(dpLevenshtein(a, b), SequenceDistance.levenshtein(a, b), () -> "levenshtein " + a + " / " + b);
      assertEquals(dpLcs(a, b), SequenceDistance.lcsLength(a, b), () -> "lcs " + a + " / " + b);
    }
  }

  @Test
  void sparseMaskPathAgreesWithDensePath() {
    // Past the dense-mask budget the masks are rebuilt per text token; force that path with a zero budget.
    Random rnd = new Random(5);
    for (int trial = 0; trial < 300; trial++) {
      List<String> a = randomTokens(rnd, rnd.nextInt(300), 1 + rnd.nextInt(50));
      List<String> b = randomTokens(rnd, rnd.nextInt(300), 1 + rnd.nextInt(50));
      int[][] ids = SequenceDistance.intern(a, b);
      assertEquals(dpLevenshtein(a, b), SequenceDistance.levenshtein(ids[0], ids[1], 0));
      assertEquals(dpLcs(a, b), SequenceDistance.lcsLength(ids[0], ids[1], 0));
    }
  }

  @Test
  void smallWorkedCases() {
    assertEquals(1, SequenceDistance.levenshtein(List.of("Hello", "world", "foo"), List.of("Hello", "word", "foo")));
    assertEquals(3, SequenceDistance.levenshtein(List.of("a", "b", "c"), List.of()));
    assertEquals(2, SequenceDistance.levenshtein(List.of(), List.of("a", "b")));
    assertEquals(3, SequenceDistance.lcsLength(List.of("a", "b", "c", "d"), List.of("a", "c", "d", "b")));
  }
}
