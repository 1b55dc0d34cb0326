package io.videor1.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Lone surrogates and bytes that are not UTF-8 become U+FFFD; well-formed text is untouched. */
class Utf8Test {
  @Test
  void scrubReplacesOnlyLoneSurrogates() {
    String ok = "a\uD83D\uDE00b"; // a pair (an emoji) is well-formed
    assertSame(ok, Utf8.scrub(ok));
    assertEquals("a\uFFFDb\uFFFD", Utf8.scrub("a\uD800b\uDC00"));
    assertEquals("\uFFFD\uD83D\uDE00", Utf8.scrub("\uDE00\uD83D\uDE00"));
    assertEquals("x\uFFFD", Utf8.scrub("x\uD83D"), "a high surrogate cut at the end");
    assertFalse(Utf8.wellFormed("\uD800"));
    assertTrue(Utf8.wellFormed(null));
  }

  @Test
  void writerWritesReplacementBytesNotQuestionMarks() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (Writer w = Utf8.writer(b)) {
      w.write("a\uD800b");
    }
    assertEquals("a\uFFFDb", b.toString(StandardCharsets.UTF_8));
    assertEquals("a\uFFFDb", new String(Utf8.bytes("a\uD800b"), StandardCharsets.UTF_8));
  }

  @Test
  void readerCountsWhatItReplaced() throws IOException {
    byte[] in = {'a', (byte) 0xFF, 'b', (byte) 0xE2, (byte) 0x82}; // junk, then a 3-byte sequence cut at the end
    try (Utf8Reader r = new Utf8Reader(new ByteArrayInputStream(in))) {
      assertEquals("a\uFFFDb\uFFFD", readAll(r));
      assertEquals(2, r.repairs());
    }
  }

  @Test
  void readerAgreesWithTheJdkOnRandomBytes() throws IOException {
    Random rnd = new Random(19);
    for (int i = 0; i < 300; i++) {
      byte[] b = new byte[rnd.nextInt(200_000 >> (i % 8))];
      rnd.nextBytes(b);
      try (Utf8Reader r = new Utf8Reader(new ByteArrayInputStream(b))) {
        String got = readAll(r);
        assertEquals(new String(b, StandardCharsets.UTF_8), got, "input " + i);
        assertTrue(Utf8.wellFormed(got));
      }
    }
  }

  private static String readAll(Reader r) throws IOException {
    StringWriter w = new StringWriter();
    r.transferTo(w);
    return w.toString();
  }
}
