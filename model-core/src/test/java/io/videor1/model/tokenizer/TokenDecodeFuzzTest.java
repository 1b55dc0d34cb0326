package io.videor1.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.fuzz.Fuzzer;
import io.videor1.model.config.ModelPresets;
import io.videor1.text.Utf8;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz target of token decoding: a byte-level model can emit any id sequence, including bytes that are no UTF-8 (a
 * lone continuation byte, half an emoji); decoding never throws and always gives well-formed text.
 */
class TokenDecodeFuzzTest {
  @Test
  void anyIdsDecodeToWellFormedText(@TempDir Path dir) throws Exception {
    int vocab = ModelPresets.TINY_SPECIAL_BASE + ModelPresets.SPECIAL_TOKENS.size() + 16; // ids past the specials too
    ByteTokenizerFiles.write(dir, vocab);
    try (QwenTokenizer t = QwenTokenizer.load(dir)) {
      List<byte[]> seeds = List.of("<answer>B</answer>".getBytes(java.nio.charset.StandardCharsets.UTF_8),
          new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x8E}, new byte[] {(byte) 0xE2, 0x41, (byte) 0x80});
      Fuzzer.run("token-decode", seeds, List.of(), input -> {
        int[] ids = new int[input.length];
        for (int i = 0; i < input.length; i++) {
          // Mostly byte tokens; every 7th input byte picks a special or past-the-end id instead.
          ids[i] = i % 7 == 6 ? ModelPresets.TINY_SPECIAL_BASE + (input[i] & 0xFF) % (vocab - 256) : input[i] & 0xFF;
        }
        for (boolean skip : new boolean[] {true, false}) {
          String s = t.decode(ids, skip);
          assertTrue(Utf8.wellFormed(s), "decode gave a lone surrogate");
        }
      });
    }
  }
}
