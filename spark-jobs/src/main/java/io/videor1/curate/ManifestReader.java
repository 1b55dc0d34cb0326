package io.videor1.curate;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.text.Utf8;
import io.videor1.text.Utf8Reader;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads a Video-R1 manifest, a JSON array (as released) or JSONL, from any Hadoop FileSystem path into raw records.
 *
 * <p>Records are only split here; validation happens per record so that one bad record is quarantined and the rest go
 * on. A JSON array that breaks off mid-file yields the records before the break plus one line carrying the error.
 * Bytes that are not UTF-8 become U+FFFD in either layout, so they cost only the text they stood in.
 */
public final class ManifestReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ManifestReader() {}

  /** Reads every record of {@code manifest}. */
  public static List<ManifestLine> read(String manifest, Configuration hadoop) throws IOException {
    Path path = new Path(manifest);
    FileSystem fs = path.getFileSystem(hadoop);
    if (!fs.exists(path)) {
      throw new IOException("manifest not found: " + manifest);
    }
    try (InputStream in = new BufferedInputStream(fs.open(path), 1 << 16)) {
      in.mark(4096);
      int first = firstNonSpace(in);
      in.reset();
      return first == '[' ? readArray(in) : readLines(in);
    }
  }

  private static int firstNonSpace(InputStream in) throws IOException {
    for (int i = 0; i < 4096; i++) {
      int c = in.read();
      if (c < 0) {
        return -1;
      }
      if (!Character.isWhitespace(c) && c != 0xEF && c != 0xBB && c != 0xBF) { // skip a UTF-8 byte-order mark
        return c;
      }
    }
    return -1;
  }

  private static List<ManifestLine> readLines(InputStream in) throws IOException {
    List<ManifestLine> out = new ArrayList<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String s;
    long line = 0;
    while ((s = r.readLine()) != null) {
      line++;
      if (line == 1 && s.startsWith("\uFEFF")) {
        s = s.substring(1);
      }
      if (!s.isBlank()) {
        out.add(new ManifestLine(line, s, null));
      }
    }
    return out;
  }

  private static List<ManifestLine> readArray(InputStream in) throws IOException {
    List<ManifestLine> out = new ArrayList<>();
    long line = 1;
    try (JsonParser p = JSON.getFactory().createParser(new Utf8Reader(in))) {
      p.nextToken(); // START_ARRAY
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (t == null) {
          throw new JsonProcessingException("the array is not closed", p.currentLocation()) {};
        }
        line = p.currentTokenLocation().getLineNr();
        JsonNode node = JSON.readTree(p);
        out.add(new ManifestLine(line, Utf8.scrub(JSON.writeValueAsString(node)), null));
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      out.add(
          new ManifestLine(
              at == null ? line : at.getLineNr(),
              "",
              "manifest is not valid JSON" + where + " after " + out.size() + " record(s): " + e.getOriginalMessage()
                  + "; the rest of the file could not be read"));
    }
    return out;
  }
}
