package io.videor1.model.logprob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.videor1.model.TinyCheckpoints;
import io.videor1.model.config.ModelPresets;
import io.videor1.model.tokenizer.QwenTokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The answer element's tokens ({@code train.contrast_tokens = answer}). */
class AnswerSpanTest {
  private static final int EOS = 99;

  @Test
  void onTheByteTokenizerTheSpanSpellsTheFirstAnswerElementUpToTheEos(@TempDir Path tmp) throws Exception {
    try (QwenTokenizer tok = QwenTokenizer.load(TinyCheckpoints.tokenizerDir(tmp, ModelPresets.tiny().text().vocabSize()).resolve("tokenizer.json"))) {
      int eos = tok.tokenId(QwenTokenizer.IM_END);
      String text = "<think>red, then blue.</think> <answer>B</answer><answer>C</answer>";
      int[] ids = withEos(tok.encode(text), eos, tok.encode("<answer>D</answer>"));
      double[] span = AnswerSpan.of(tok, ids, eos);
      int valid = tok.encode(text).length + 1;
      assertEquals(valid, span.length, "the valid tokens end with the first EOS");
      assertEquals("<answer>B</answer>", marked(tok, ids, span), "the first element, tags included");
      int[] open = tok.encode("<think>red</think><answer>B");
      assertArrayEquals(new double[open.length], AnswerSpan.of(tok, open, eos), "no closed element: no token");
    }
  }

  @Test
  void aTokenThatMergesAcrossTheTagIsInTheSpan() {
    String[] vocab = {"<think>", "red", "</think><", "answer>", "B", "</", "answer>\n", "ok"};
    Function<int[], String> decode = ids -> String.join("", Arrays.stream(ids).filter(i -> i != EOS)
        .mapToObj(i -> vocab[i]).toList());
    double[] span = AnswerSpan.of(decode, new int[] {0, 1, 2, 3, 4, 5, 6, 7, EOS, 4}, EOS);
    assertArrayEquals(new double[] {0, 0, 1, 1, 1, 1, 1, 0, 0}, span);
  }

  private static int[] withEos(int[] ids, int eos, int[] after) {
    int[] out = Arrays.copyOf(ids, ids.length + 1 + after.length);
    out[ids.length] = eos;
    System.arraycopy(after, 0, out, ids.length + 1, after.length);
    return out;
  }

  private static String marked(QwenTokenizer tok, int[] ids, double[] span) {
    int[] kept = java.util.stream.IntStream.range(0, span.length).filter(t -> span[t] == 1).map(t -> ids[t]).toArray();
    return tok.decode(kept, true);
  }
}
