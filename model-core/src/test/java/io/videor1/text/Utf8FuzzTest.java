package io.videor1.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.fuzz.Fuzzer;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target of the UTF-8 repair itself: {@link Utf8Reader} decodes any bytes exactly as the JDK's replacing decoder
 * does, and {@link Utf8#scrub} leaves well-formed text that survives a UTF-8 round trip unchanged.
 */
class Utf8FuzzTest {
  @Test
  void repairAgreesWithTheJdk() {
    List<byte[]> seeds = List.of("plain".getBytes(StandardCharsets.UTF_8),
        "\u00e9\u20AC\uD83D\uDE00 \\ud800 x".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xF0, (byte) 0x9F});
    Fuzzer.run("utf8", seeds, List.of("\\ud83d", "\\ude00", "\u20AC"), input -> {
      StringWriter w = new StringWriter();
      try (Utf8Reader r = new Utf8Reader(new ByteArrayInputStream(input))) {
        r.transferTo(w);
      }
      assertEquals(new String(input, StandardCharsets.UTF_8), w.toString());
      String clean = Utf8.scrub(Fuzzer.unescaped(input));
      assertTrue(Utf8.wellFormed(clean));
      assertEquals(clean, new String(Utf8.bytes(clean), StandardCharsets.UTF_8));
    });
  }
}
