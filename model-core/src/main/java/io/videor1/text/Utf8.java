package io.videor1.text;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Well-formed UTF-8 in and out. Java strings may hold lone surrogates (JSON {@code "\ud800"} parses to one, and
 * Python's {@code json.dumps} writes such strings); {@code Files.writeString} throws on them and
 * {@code String.getBytes} turns them into {@code ?}. Here they become U+FFFD, the replacement character every UTF-8
 * decoder also uses for bytes that are not UTF-8.
 */
public final class Utf8 {
  /** U+FFFD REPLACEMENT CHARACTER. */
  public static final char REPLACEMENT = '\uFFFD';

  private static final byte[] REPLACEMENT_BYTES = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

  private Utf8() {}

  /** Whether {@code s} has no lone surrogate (null counts as well-formed). */
  public static boolean wellFormed(String s) {
    return s == null || firstLoneSurrogate(s) < 0;
  }

  /** {@code s} with every lone surrogate replaced by U+FFFD; the same instance when there is none; null stays null. */
  public static String scrub(String s) {
    int i = s == null ? -1 : firstLoneSurrogate(s);
    if (i < 0) {
      return s;
    }
    char[] c = s.toCharArray();
    for (; i < c.length; i++) {
      if (Character.isHighSurrogate(c[i]) && i + 1 < c.length && Character.isLowSurrogate(c[i + 1])) {
        i++;
      } else if (Character.isSurrogate(c[i])) {
        c[i] = REPLACEMENT;
      }
    }
    return new String(c);
  }

  /** UTF-8 bytes of {@code s}, lone surrogates as U+FFFD. */
  public static byte[] bytes(String s) {
    return scrub(s).getBytes(StandardCharsets.UTF_8);
  }

  /** The text of UTF-8 bytes, each malformed sequence as U+FFFD (never throws). */
  public static String decode(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** The text of a file, bytes that are not UTF-8 as U+FFFD. */
  public static String read(Path file) throws IOException {
    return decode(Files.readAllBytes(file));
  }

  /** Writes {@code s} to {@code file} as UTF-8, lone surrogates as U+FFFD. */
  public static void write(Path file, String s) throws IOException {
    Files.write(file, bytes(s));
  }

  /** A UTF-8 writer over {@code out} that writes U+FFFD for a lone surrogate instead of throwing or writing '?'. */
  public static Writer writer(OutputStream out) {
    CharsetEncoder enc = StandardCharsets.UTF_8.newEncoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE)
        .replaceWith(REPLACEMENT_BYTES);
    return new OutputStreamWriter(out, enc);
  }

  /** A UTF-8 writer to a new (or truncated) file; see {@link #writer(OutputStream)}. */
  public static Writer writer(Path file) throws IOException {
    return writer(Files.newOutputStream(file));
  }

  private static int firstLoneSurrogate(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
