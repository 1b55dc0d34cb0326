package io.videor1.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a UTF-8 byte stream, each malformed sequence as U+FFFD like {@code InputStreamReader}, but counting the
 * replacements, so a reader can tell input it repaired from input that held U+FFFD all along.
 */
public final class Utf8Reader extends Reader {
  private final InputStream in;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
  private final CharBuffer chars = CharBuffer.allocate(1 << 16).flip();
  private boolean eof;
  private boolean done;
  private long repairs;

  public Utf8Reader(InputStream in) {
    this.in = in;
  }

  /** Malformed sequences replaced so far (counted as decoding runs ahead of what was read, by up to 64 KiB). */
  public long repairs() {
    return repairs;
  }

  @Override
  public int read(char[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (!chars.hasRemaining()) {
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(len, chars.remaining());
    chars.get(buf, off, n);
    return n;
  }

  /** Decodes more chars; false at the end of the stream with nothing left. */
  private boolean fill() throws IOException {
    if (done) {
      return false;
    }
    chars.clear();
    try {
      while (chars.position() == 0) {
        if (!eof && bytes.remaining() < 4) {
          bytes.compact();
          int r = in.read(bytes.array(), bytes.position(), bytes.remaining());
          if (r < 0) {
            eof = true;
          } else {
            bytes.position(bytes.position() + r);
          }
          bytes.flip();
        }
        CoderResult cr = decoder.decode(bytes, chars, eof);
        if (cr.isError()) {
          bytes.position(bytes.position() + cr.length()); // skip the bad bytes ...
          chars.put(Utf8.REPLACEMENT); // ... and stand U+FFFD in for them
          repairs++;
        } else if (eof && !bytes.hasRemaining()) {
          decoder.flush(chars); // UTF-8 keeps no state past the last complete sequence: nothing to overflow
          done = true;
          return chars.position() > 0;
        }
      }
      return true;
    } finally {
      chars.flip();
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
