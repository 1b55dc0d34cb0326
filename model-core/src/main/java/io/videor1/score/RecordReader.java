package io.videor1.score;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import io.videor1.text.Utf8;
import io.videor1.text.Utf8Reader;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a file of records, JSON Lines or one JSON array (decided by the first non-blank character), and hands each
 * record to a consumer with its line number, or a parse error instead of the record.
 *
 * <p>Malformed input never throws: a bad JSON line is reported and the next line read; in a JSON array a syntax error
 * cannot be resynchronised, so it is reported once and reading stops there. Bytes that are not UTF-8 become U+FFFD
 * and the record says so ({@link Entry#badBytes}).
 */
final class RecordReader {
  private static final Pattern GSON_LINE = Pattern.compile("line (\\d+)");

  /**
   * One input record.
   *
   * @param line the 1-based line where it starts
   * @param element the parsed JSON, or null when {@code error} is set
   * @param error why the record could not be parsed, or null
   * @param raw the record's text (JSON Lines only; null for arrays)
   * @param badBytes whether bytes of the record that were not UTF-8 were replaced by U+FFFD
   */
  record Entry(long line, JsonElement element, String error, String raw, boolean badBytes) {}

  private RecordReader() {}

  /** Reads {@code file}, calling {@code sink} once per record in order. */
  static void read(Path file, Consumer<Entry> sink) throws IOException {
    try (PushbackInputStream in = new PushbackInputStream(new BufferedInputStream(Files.newInputStream(file)), 3)) {
      byte[] bom = in.readNBytes(3);
      if (!(bom.length == 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB && (bom[2] & 0xFF) == 0xBF)) {
        in.unread(bom); // not a UTF-8 byte-order mark
      }
      long skippedLines = 0;
      int prev = -1;
      int c = in.read();
      while (c != -1 && Character.isWhitespace(c)) {
        if (c == '\n' || (prev == '\r' && c != '\n')) {
          skippedLines++; // the same line breaks BufferedReader.readLine counts
        }
        prev = c;
        c = in.read();
      }
      if (prev == '\r') {
        skippedLines++;
      }
      if (c == -1) {
        return;
      }
      in.unread(c);
      if (c == '[') {
        readArray(new Utf8Reader(in), skippedLines, sink);
      } else {
        readLines(in, skippedLines, sink);
      }
    }
  }

  /**
   * JSON Lines, split on bytes: a line's bytes that are not UTF-8 become U+FFFD and flag that line alone, and a line
   * cut off (a file truncated mid-record) is one parse error like any other.
   */
  private static void readLines(PushbackInputStream in, long skippedLines, Consumer<Entry> sink) throws IOException {
    long lineNo = skippedLines;
    for (byte[] bytes = nextLine(in); bytes != null; bytes = nextLine(in)) {
      lineNo++;
      String line = decode(bytes);
      boolean badBytes = line == null;
      if (badBytes) {
        line = Utf8.decode(bytes);
      }
      if (line.isBlank()) {
        continue;
      }
      try {
        sink.accept(new Entry(lineNo, JsonParser.parseString(line), null, line, badBytes));
      } catch (JsonParseException | StackOverflowError e) {
        // StackOverflowError: Gson recurses per nesting level; a line of 100k '[' must not end the job.
        sink.accept(new Entry(lineNo, null, "not valid JSON (" + message(e) + ")", line, badBytes));
      }
    }
  }

  /** The next line's bytes without its terminator (\n, \r\n or \r), or null at the end. */
  private static byte[] nextLine(PushbackInputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c = in.read();
    if (c == -1) {
      return null;
    }
    for (; c != -1 && c != '\n'; c = in.read()) {
      if (c == '\r') {
        int d = in.read();
        if (d != '\n' && d != -1) {
          in.unread(d);
        }
        break;
      }
      b.write(c);
    }
    return b.toByteArray();
  }

  /** Strict UTF-8 decoding, or null when {@code b} is not UTF-8. */
  private static String decode(byte[] b) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * One JSON array. Replaced bytes are counted by the decoder as it reads ahead, so a record is flagged when the
   * count moved while it was read, or the record holds U+FFFD while the file had replacements at all.
   */
  private static void readArray(Utf8Reader in, long skippedLines, Consumer<Entry> sink) throws IOException {
    JsonReader reader = new JsonReader(in);
    long line = skippedLines + 1;
    try {
      reader.beginArray();
      while (reader.hasNext()) {
        line = skippedLines + lineOf(reader, line - skippedLines);
        long before = in.repairs();
        JsonElement e = JsonParser.parseReader(reader);
        boolean repaired = in.repairs() > before || (in.repairs() > 0 && JsonText.holds(e, Utf8.REPLACEMENT));
        sink.accept(new Entry(line, e, null, null, repaired));
      }
      reader.endArray();
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        sink.accept(new Entry(skippedLines + lineOf(reader, line - skippedLines), null,
            "unexpected content after the JSON array", null, false));
      }
    } catch (MalformedJsonException | EOFException | JsonParseException | IllegalStateException
        | StackOverflowError e) {
      // A syntax error inside an array cannot be resynchronised: report it once and stop.
      sink.accept(new Entry(skippedLines + lineOf(reader, line - skippedLines), null,
          "malformed JSON array, reading stopped here (" + message(e) + ")", null, false));
    }
  }

  /** The reader's current line, from Gson's location string; {@code fallback} if that is not available. */
  private static long lineOf(JsonReader reader, long fallback) {
    Matcher m = GSON_LINE.matcher(reader.toString());
    return m.find() ? Long.parseLong(m.group(1)) : fallback;
  }

  private static String message(Throwable e) {
    Throwable t = e.getCause() != null ? e.getCause() : e;
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int see = msg.indexOf("\nSee ");
    return see >= 0 ? msg.substring(0, see) : msg;
  }
}
