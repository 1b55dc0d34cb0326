package io.videor1.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.train.data.CotRecords;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Manifests, benchmark files and CoT files holding each class of malformed text: the other records come through
 * whole, the bad text becomes U+FFFD, and only a record that cannot be read at all is lost (to quarantine).
 */
class MalformedManifestTest {
  private static final String REC = "{\"problem_id\":%d,\"problem\":\"%s\",\"data_type\":\"video\","
      + "\"problem_type\":\"multiple choice\",\"options\":[\"A. x\",\"B. y\"],\"solution\":\"<answer>A</answer>\","
      + "\"path\":\"./v/%d.mp4\",\"process\":\"because\"}";

  @TempDir Path tmp;

  private static byte[] rec(int id, String problem) {
    return String.format(REC, id, problem, id).getBytes(StandardCharsets.UTF_8);
  }

  /** Writes good records 1 and 3 around {@code bad} as lines (or array elements) and reads them back. */
  private List<ManifestLine> around(byte[] bad, boolean array) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(array ? "[\n".getBytes(StandardCharsets.UTF_8) : new byte[0]);
    b.writeBytes(rec(1, "first"));
    b.writeBytes((array ? ",\n" : "\n").getBytes(StandardCharsets.UTF_8));
    b.writeBytes(bad);
    b.writeBytes((array ? ",\n" : "\n").getBytes(StandardCharsets.UTF_8));
    b.writeBytes(rec(3, "third"));
    b.writeBytes((array ? "\n]\n" : "\n").getBytes(StandardCharsets.UTF_8));
    Path f = tmp.resolve(array ? "m.json" : "m.jsonl");
    Files.write(f, b.toByteArray());
    return ManifestReader.read(f.toString(), new Configuration());
  }

  private static void assertNeighboursWhole(List<ManifestLine> lines) {
    assertEquals("first", ManifestRecord.parse(lines.get(0)).problem());
    assertEquals("third", ManifestRecord.parse(lines.get(2)).problem());
  }

  @Test
  void loneSurrogate() throws Exception {
    for (boolean array : new boolean[] {false, true}) {
      List<ManifestLine> lines = around(rec(2, "a\\ud800b"), array);
      assertEquals(3, lines.size());
      assertNeighboursWhole(lines);
      assertEquals("a\uFFFDb", ManifestRecord.parse(lines.get(1)).problem(), "array=" + array);
    }
  }

  @Test
  void bytesThatAreNotUtf8() throws Exception {
    byte[] bad = rec(2, "aXb");
    int x = new String(bad, StandardCharsets.ISO_8859_1).indexOf("aXb") + 1;
    bad[x] = (byte) 0xFF;
    for (boolean array : new boolean[] {false, true}) {
      List<ManifestLine> lines = around(bad, array);
      assertEquals(3, lines.size(), "array=" + array + ": Jackson used to stop at the byte and lose record 3");
      assertNeighboursWhole(lines);
      assertEquals("a\uFFFDb", ManifestRecord.parse(lines.get(1)).problem());
    }
  }

  @Test
  void nul() throws Exception {
    List<ManifestLine> lines = around(rec(2, "a\\u0000b"), false);
    assertNeighboursWhole(lines);
    assertEquals("a\u0000b", ManifestRecord.parse(lines.get(1)).problem(), "NUL is text; Parquet keeps it");
  }

  @Test
  void a200000CharacterField() throws Exception {
    char[] c = new char[200_000];
    Arrays.fill(c, 'q');
    List<ManifestLine> lines = around(rec(2, new String(c)), true);
    assertNeighboursWhole(lines);
    assertEquals(200_000, ManifestRecord.parse(lines.get(1)).problem().length());
  }

  @Test
  void aLineCutInTheMiddle() throws Exception {
    byte[] whole = rec(2, "second");
    List<ManifestLine> lines = around(Arrays.copyOf(whole, whole.length / 2), false);
    assertEquals(3, lines.size());
    assertNeighboursWhole(lines);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ManifestRecord.parse(lines.get(1))).getMessage()
        .startsWith("malformed JSON"), "record 2 alone goes to quarantine");
  }

  @Test
  void cotFilesKeepEveryReadableRecord() throws Exception {
    byte[] cut = rec(2, "x");
    byte[] badByte = rec(4, "y");
    badByte[badByte.length - 3] = (byte) 0xC3;
    String text = new String(rec(1, "a"), StandardCharsets.UTF_8) + "\n"
        + new String(Arrays.copyOf(cut, cut.length / 2), StandardCharsets.UTF_8) + "\n"
        + String.format(REC, 3, "c", 3).replace("because", "be\\udfffcause") + "\n";
    Path f = tmp.resolve("cot.jsonl");
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    b.writeBytes(badByte);
    Files.write(f, b.toByteArray());
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    Map<Long, CotRecords.Cot> cot = CotRecords.read(f.toString(), new Configuration(),
        new PrintStream(log, true, StandardCharsets.UTF_8));
    assertEquals(List.of(1L, 3L, 4L), cot.keySet().stream().sorted().toList(), "only the cut line is lost");
    assertEquals("be\uFFFDcause", cot.get(3L).process());
    assertNotNull(cot.get(4L));
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("skipped 1 malformed part(s)"), log.toString());
  }
}
