package io.videor1.model.generate;

import io.videor1.model.tokenizer.QwenTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The samples of one request while they are drawn: each sample's tokens, their log-probs, its random stream, and
 * which samples are still decoding (in sample order, the order of the group's rows in a decode step).
 */
final class GroupDraws {
  private final Generator.Request request;
  private final int budget;
  private final int[][] tokens;
  private final float[][] logps;
  private final int[] lengths;
  private final SplittableRandom[] rngs;
  private final Completion.FinishReason[] reasons;
  private int[] active;

  GroupDraws(Generator.Request request, int budget) {
    int n = request.n();
    this.request = request;
    this.budget = budget;
    this.tokens = new int[n][budget];
    this.logps = new float[n][budget];
    this.lengths = new int[n];
    this.rngs = new SplittableRandom[n];
    this.reasons = new Completion.FinishReason[n];
    this.active = new int[n];
    for (int j = 0; j < n; j++) {
      rngs[j] = new SplittableRandom(request.seeds().sample(j));
      active[j] = j;
    }
  }

  Generator.Request request() {
    return request;
  }

  /** Samples still decoding. */
  int rows() {
    return active.length;
  }

  /** The last token of each decoding sample (the next step's input), in row order. */
  int[] lastTokens() {
    int[] t = new int[active.length];
    for (int r = 0; r < active.length; r++) {
      t[r] = tokens[active[r]][lengths[active[r]] - 1];
    }
    return t;
  }

  /** Tokens a decoding row has generated so far (all rows of a group have as many). */
  int generated() {
    return active.length == 0 ? 0 : lengths[active[0]];
  }

  /**
   * Draws every decoding sample's next token: sample r from the row {@code firstRow + r} of {@code logits}, or every
   * sample from row {@code firstRow} when {@code shared} (the prefill's last position, seen by the whole group).
   */
  void pick(float[] logits, int firstRow, boolean shared, int vocab, TokenSampler sampler, Set<Integer> stops) {
    for (int r = 0; r < active.length; r++) {
      int j = active[r];
      int off = (firstRow + (shared ? 0 : r)) * vocab;
      int tok = sampler.sample(logits, off, vocab, rngs[j]);
      tokens[j][lengths[j]] = tok;
      logps[j][lengths[j]] = sampler.logProb(logits, off, vocab, tok);
      lengths[j]++;
      if (stops.contains(tok)) {
        reasons[j] = Completion.FinishReason.STOP;
      } else if (lengths[j] >= budget) {
        reasons[j] = Completion.FinishReason.LENGTH;
      }
    }
  }

  /** Drops the samples that finished; returns the positions, in the previous row order, of those kept. */
  int[] retire() {
    int[] keep = new int[active.length];
    int kept = 0;
    for (int r = 0; r < active.length; r++) {
      if (reasons[active[r]] == null) {
        keep[kept++] = r;
      }
    }
    keep = Arrays.copyOf(keep, kept);
    int[] next = new int[kept];
    for (int i = 0; i < kept; i++) {
      next[i] = active[keep[i]];
    }
    active = next;
    return keep;
  }

  /** The group's completions in sample order (a sample never decoded ends by LENGTH with no tokens). */
  List<Completion> completions(QwenTokenizer tokenizer) {
    List<Completion> out = new ArrayList<>();
    for (int j = 0; j < tokens.length; j++) {
      int[] ids = Arrays.copyOf(tokens[j], lengths[j]);
      Completion.FinishReason r = reasons[j] == null ? Completion.FinishReason.LENGTH : reasons[j];
      out.add(new Completion(ids, tokenizer.decode(ids, true), Arrays.copyOf(logps[j], lengths[j]), r,
          request.seeds().sample(j)));
    }
    return out;
  }
}
