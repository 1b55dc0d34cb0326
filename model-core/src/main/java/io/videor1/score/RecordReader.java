package io.videor1.score;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
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
 * cannot be resynchronised, so it is reported once and reading stops there. Bytes that are not UTF-8 are replaced.
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
   */
  record Entry(long line, JsonElement element, String error, String raw) {}

  private RecordReader() {}

  /** Reads {@code file}, calling {@code sink} once per record in order. */
  static void read(Path file, Consumer<Entry> sink) throws IOException {
    try (PushbackReader in = new PushbackReader(
        new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)), 1)) {
      long skippedLines = 0;
      int prev = -1;
      int c = in.read();
      while (c != -1 && (Character.isWhitespace(c) || c == '\uFEFF')) {
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
        readArray(in, skippedLines, sink);
      } else {
        readLines(in, skippedLines, sink);
      }
    }
  }

  private static void readLines(Reader in, long skippedLines, Consumer<Entry> sink) throws IOException {
    BufferedReader lines = new BufferedReader(in);
    long lineNo = skippedLines;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      try {
        sink.accept(new Entry(lineNo, JsonParser.parseString(line), null, line));
      } catch (JsonParseException e) {
        sink.accept(new Entry(lineNo, null, "not valid JSON (" + message(e) + ")", line));
      }
    }
  }

  private static void readArray(Reader in, long skippedLines, Consumer<Entry> sink) throws IOException {
    JsonReader reader = new JsonReader(in);
    long line = skippedLines + 1;
    try {
      reader.beginArray();
      while (reader.hasNext()) {
        line = skippedLines + lineOf(reader, line - skippedLines);
        sink.accept(new Entry(line, JsonParser.parseReader(reader), null, null));
      }
      reader.endArray();
      if (reader.peek() != JsonToken.END_DOCUMENT) {
        sink.accept(new Entry(skippedLines + lineOf(reader, line - skippedLines), null,
            "unexpected content after the JSON array", null));
      }
    } catch (MalformedJsonException | EOFException | JsonParseException | IllegalStateException e) {
      // A syntax error inside an array cannot be resynchronised: report it once and stop.
      sink.accept(new Entry(skippedLines + lineOf(reader, line - skippedLines), null,
          "malformed JSON array, reading stopped here (" + message(e) + ")", null));
    }
  }

  /** The reader's current line, from Gson's location string; {@code fallback} if that is not available. */
  private static long lineOf(JsonReader reader, long fallback) {
    Matcher m = GSON_LINE.matcher(reader.toString());
    return m.find() ? Long.parseLong(m.group(1)) : fallback;
  }

  private static String message(Exception e) {
    Throwable t = e.getCause() != null ? e.getCause() : e;
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    int see = msg.indexOf("\nSee ");
    return see >= 0 ? msg.substring(0, see) : msg;
  }
}
