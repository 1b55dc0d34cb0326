package io.videor1.model.logprob;

import io.videor1.model.tokenizer.QwenTokenizer;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Which tokens of a completion spell its answer element, {@code <answer>…</answer>} ({@code train.contrast_tokens =
 * answer}): the contrast-KL term then reads the decision the frame order should change, not the thought before it,
 * which can describe the frames in order while the letter after it does not follow them.
 *
 * <p>Tokens are mapped to characters by decoding growing prefixes (a token covers the characters its prefix added), so
 * any byte-level BPE works, merges across the tag's boundary included: a token is in the span when any character it
 * added lies inside the element, tags included. The element is the first {@code <answer>} and the first
 * {@code </answer>} after it, the one the accuracy reward reads (Video-R1's {@code re.search}).
 */
public final class AnswerSpan {
  private static final String OPEN = "<answer>";
  private static final String CLOSE = "</answer>";

  private AnswerSpan() {}

  /**
   * The span of one completion.
   *
   * @param ids the completion's token ids (generated, so possibly past its first EOS)
   * @param eosId the end-of-turn id: the completion's valid tokens end with the first of it, as in {@link Targets}
   * @return one weight per valid token, 1 inside the answer element, 0 elsewhere; all 0 without a closed element
   */
  public static double[] of(QwenTokenizer tokenizer, int[] ids, int eosId) {
    return of(prefix -> tokenizer.decode(prefix, true), ids, eosId);
  }

  /** The same with any decoder of token ids to text (special tokens dropped). */
  public static double[] of(Function<int[], String> decode, int[] ids, int eosId) {
    int valid = ids.length;
    for (int t = 0; t < ids.length; t++) {
      if (ids[t] == eosId) {
        valid = t + 1;
        break;
      }
    }
    int[] end = new int[valid]; // characters decoded after token t
    String text = "";
    for (int t = 0; t < valid; t++) {
      text = decode.apply(Arrays.copyOf(ids, t + 1));
      end[t] = text.length();
    }
    double[] out = new double[valid];
    int open = text.indexOf(OPEN);
    int close = open < 0 ? -1 : text.indexOf(CLOSE, open + OPEN.length());
    if (close < 0) {
      return out;
    }
    int from = open;
    int to = close + CLOSE.length(); // [from, to) in characters
    for (int t = 0; t < valid; t++) {
      int start = t == 0 ? 0 : Math.min(end[t - 1], end[t]);
      if (end[t] > from && start < to && end[t] > start) {
        out[t] = 1;
      }
    }
    return out;
  }
}
