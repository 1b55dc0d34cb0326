package io.videor1.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A seeded fuzz test of {@link SafetensorsHeader}: valid files written by {@link SafetensorsWriter} are mutated at the
 * byte level (flips, inserts, deletes, truncation, a random length field) and at the JSON level (numbers replaced by
 * huge, negative, fractional or quoted values, dtypes renamed, entries duplicated or deeply nested, offsets swapped).
 * Every input must either be refused with {@link InvalidCheckpointException} or parse into tensors that tile the data
 * exactly and read back; any other exception or error fails with the input in base64.
 */
class SafetensorsHeaderFuzzTest {
  static final int INPUTS = 30_000;
  private static final String[] NUMBERS = {"-1", "0", "1", "7", "1.5", "1e3", "\"8\"", "9223372036854775807",
    "9223372036854775808", "4294967296", "-9223372036854775808", "null", "[]", "{}", "true"};
  private static final String[] DTYPES = {"F32", "F16", "BF16", "I64", "U8", "BOOL", "F8_E4M3", "f32", "", "F64 "};

  @Test
  void everyInputIsRefusedCleanlyOrReadsBack() {
    SplittableRandom r = new SplittableRandom(18);
    int refused = 0;
    int accepted = 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < INPUTS; i++) {
      byte[] input = mutate(r, valid(r));
      try {
        SafetensorsHeader h = SafetensorsHeader.read("fuzz", input);
        check(h, input);
        accepted++;
      } catch (InvalidCheckpointException e) {
        assertTrue(!e.getMessage().contains("\n") && e.getMessage().startsWith("fuzz: "), e.getMessage());
        refused++;
      } catch (Throwable e) {
        fail("input " + i + " threw " + e + ": " + Base64.getEncoder().encodeToString(input), e);
      }
    }
    System.out.printf("safetensors header fuzz: %d inputs, %d refused, %d accepted, %.1f s%n", INPUTS, refused,
        accepted, (System.nanoTime() - t0) / 1e9);
    assertEquals(INPUTS, refused + accepted);
    assertTrue(refused > INPUTS / 10 && accepted > INPUTS / 100, "mutations reach both outcomes: " + refused + " / "
        + accepted);
  }

  /** What an accepted header promises: tensors tiling the data exactly, each readable with its declared size. */
  private static void check(SafetensorsHeader h, byte[] input) {
    long data = input.length - h.dataStart();
    long covered = 0;
    for (SafetensorsHeader.Entry e : h.entries().values()) {
      assertTrue(e.begin() >= 0 && e.end() <= data && e.end() - e.begin() == e.numel() * e.dtype().size());
      covered += e.end() - e.begin();
    }
    assertEquals(data, covered);
    Map<String, SafeTensor> all = SafetensorsReader.readAll(input);
    assertEquals(h.entries().keySet(), all.keySet());
  }

  /** A valid file of 0 to 4 random tensors, with or without metadata. */
  private static byte[] valid(SplittableRandom r) {
    Map<String, SafeTensor> t = new LinkedHashMap<>();
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      long[] shape = new long[r.nextInt(4)];
      int numel = 1;
      for (int d = 0; d < shape.length; d++) {
        shape[d] = r.nextInt(4);
        numel *= (int) shape[d];
      }
      float[] v = new float[numel];
      SafeDType dt = new SafeDType[] {SafeDType.F32, SafeDType.F16, SafeDType.BF16}[r.nextInt(3)];
      t.put("t" + i + (r.nextBoolean() ? ".weight" : ".b\u00e9"), SafeTensor.ofFloats(v, shape, dt));
    }
    return SafetensorsWriter.toBytes(t, r.nextBoolean() ? Map.of("format", "pt") : Map.of());
  }

  private static byte[] mutate(SplittableRandom r, byte[] file) {
    long n = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String json = new String(file, 8, (int) n, StandardCharsets.UTF_8);
    byte[] data = java.util.Arrays.copyOfRange(file, 8 + (int) n, file.length);
    switch (r.nextInt(10)) {
      case 0 -> { // flip bytes anywhere
        byte[] out = file.clone();
        for (int k = 1 + r.nextInt(3); k > 0; k--) {
          out[r.nextInt(out.length)] ^= (byte) (1 << r.nextInt(8));
        }
        return out;
      }
      case 1 -> { // truncate
        return java.util.Arrays.copyOf(file, r.nextInt(file.length + 1));
      }
      case 2 -> { // a random length field
        byte[] out = file.clone();
        long len = r.nextBoolean() ? r.nextLong() : r.nextInt(file.length + 16);
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(0, len);
        return out;
      }
      case 3 -> { // a number replaced
        return assemble(replaceOne(r, json, "-?[0-9]+", NUMBERS[r.nextInt(NUMBERS.length)]), data, r);
      }
      case 4 -> { // a dtype replaced
        return assemble(replaceOne(r, json, "\"(F32|F16|BF16)\"", "\"" + DTYPES[r.nextInt(DTYPES.length)] + "\""), data,
            r);
      }
      case 5 -> { // an entry duplicated, or the metadata made non-string
        String j = r.nextBoolean() ? json.replaceFirst("\\{\"(t0[^\"]*)\":(\\{[^}]*\\})", "{\"$1\":$2,\"$1\":$2")
            : json.replace("\"pt\"", r.nextBoolean() ? "1" : "{\"x\":\"y\"}");
        return assemble(j, data, r);
      }
      case 6 -> { // deep nesting or garbage in a value
        String deep = "[".repeat(1 + r.nextInt(3000));
        return assemble(replaceOne(r, json, "\\[[0-9,]*\\]", r.nextBoolean() ? deep : "[1,2,3]"), data, r);
      }
      case 7 -> { // insert or delete a character of the header
        StringBuilder b = new StringBuilder(json);
        int at = r.nextInt(b.length() + 1);
        if (r.nextBoolean() && at < b.length()) {
          b.deleteCharAt(at);
        } else {
          String chars = "{}[],:\"\\ 0e-x\u0000\u00ff";
          b.insert(at, chars.charAt(r.nextInt(chars.length())));
        }
        return assemble(b.toString(), data, r);
      }
      case 8 -> { // data bytes added or removed
        byte[] d = java.util.Arrays.copyOf(data, Math.max(0, data.length + r.nextInt(-4, 5)));
        return assemble(json, d, r);
      }
      default -> { // offsets swapped between two tensors
        return assemble(json.replaceFirst("\\[(\\d+),(\\d+)\\]", "[$2,$1]"), data, r);
      }
    }
  }

  private static String replaceOne(SplittableRandom r, String json, String regex, String with) {
    List<int[]> spans = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(json);
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end()});
    }
    if (spans.isEmpty()) {
      return json + with;
    }
    int[] s = spans.get(r.nextInt(spans.size()));
    return json.substring(0, s[0]) + with + json.substring(s[1]);
  }

  /** Header text and data as a file, the length field right (mostly) or off by a little. */
  private static byte[] assemble(String json, byte[] data, SplittableRandom r) {
    byte[] h = json.getBytes(StandardCharsets.UTF_8);
    long len = h.length + (r.nextInt(8) == 0 ? r.nextInt(-3, 4) : 0);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(len).put(h).put(data);
    return b.array();
  }
}
