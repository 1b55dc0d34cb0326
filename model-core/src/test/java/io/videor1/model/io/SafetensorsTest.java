package io.videor1.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path tmp;

  private static Map<String, SafeTensor> sample() {
    Map<String, SafeTensor> t = new LinkedHashMap<>();
    t.put("model.embed_tokens.weight", SafeTensor.ofFloats(new float[] {1, -2, 3.5f, 1e-3f, 0, 7}, new long[] {3, 2},
        SafeDType.BF16));
    t.put("a.bias", SafeTensor.ofFloats(new float[] {0.1f, 0.2f, 0.3f}, new long[] {3}, SafeDType.F32));
    t.put("half", SafeTensor.ofFloats(new float[] {65504f, -0.5f, 6e-8f}, new long[] {3}, SafeDType.F16));
    t.put("ids", SafeTensor.ofLongs(new long[] {1, -2, 1L << 40}, new long[] {1, 3}));
    return t;
  }

  @Test
  void headerMatchesTheReferenceFormat() {
    Map<String, SafeTensor> t = new LinkedHashMap<>();
    t.put("x", SafeTensor.ofFloats(new float[] {1, 2}, new long[] {2}, SafeDType.F32));
    byte[] file = SafetensorsWriter.toBytes(t, Map.of("format", "pt"));
    long n = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, n % 8, "header padded to 8 bytes");
    String header = new String(file, 8, (int) n, StandardCharsets.UTF_8);
    assertEquals("{\"__metadata__\":{\"format\":\"pt\"},"
        + "\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
        header.stripTrailing());
    assertEquals(8 + n + 8, file.length);
  }

  @Test
  void roundTripsValuesAndRewritesByteForByte() throws Exception {
    Path f = tmp.resolve("a.safetensors");
    SafetensorsWriter.write(f, sample(), Map.of("format", "pt"));
    Map<String, SafeTensor> back = new LinkedHashMap<>();
    try (SafetensorsReader r = SafetensorsReader.open(f)) {
      assertEquals(List.copyOf(sample().keySet()), r.names());
      assertEquals(Map.of("format", "pt"), r.metadata());
      assertArrayEquals(new float[] {1, -2, 3.5f, 0.00099945068f, 0, 7}, r.tensor("model.embed_tokens.weight")
          .toFloats());
      assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f}, r.tensor("a.bias").toFloats());
      assertArrayEquals(new float[] {65504f, -0.5f, 5.9604645e-8f}, r.tensor("half").toFloats());
      assertArrayEquals(new long[] {1, -2, 1L << 40}, r.tensor("ids").toLongs());
      for (String n : r.names()) {
        back.put(n, r.tensor(n));
      }
      Path g = tmp.resolve("b.safetensors");
      SafetensorsWriter.write(g, back, r.metadata());
      assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(g));
    }
    byte[] mem = SafetensorsWriter.toBytes(sample(), Map.of("format", "pt"));
    assertArrayEquals(Files.readAllBytes(f), mem);
    assertArrayEquals(sample().get("a.bias").toFloats(), SafetensorsReader.readAll(mem).get("a.bias").toFloats());
  }

  @Test
  void aTensorOfSeveralChunksStreamsToTheFileAndReadsBackByRanges() throws Exception {
    int n = SafeTensor.CHUNK_BYTES / 4 * 2 + 1234; // two chunks and a bit in F32, one and a bit in F16
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (i % 1000) * 0.25f - 7;
    }
    Map<String, SafeTensor> t = new LinkedHashMap<>();
    t.put("f32", SafeTensor.ofFloats(v, new long[] {n}, SafeDType.F32));
    t.put("f16", SafeTensor.ofFloats(v, new long[] {n}, SafeDType.F16));
    Path f = tmp.resolve("big.safetensors");
    SafetensorsWriter.write(f, t, Map.of());
    long header = ByteBuffer.wrap(Files.readAllBytes(f), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(8 + header + 6L * n, Files.size(f));
    try (SafetensorsReader r = SafetensorsReader.open(f)) {
      assertArrayEquals(v, r.tensor("f32").toFloats(), "values that halves hold exactly");
      assertArrayEquals(v, r.tensor("f16").toFloats());
      long at = SafeTensor.CHUNK_BYTES - 8; // across the first chunk's end
      ByteBuffer b = r.tensor("f32").bytes(at, 16);
      for (int i = 0; i < 4; i++) {
        assertEquals(v[(int) (at / 4) + i], b.getFloat(i * 4));
      }
      float[] part = new float[5];
      r.tensor("f16").toFloats(n - 5, part, 0, 5);
      assertArrayEquals(java.util.Arrays.copyOfRange(v, n - 5, n), part);
    }
  }

  @Test
  void metadataIsWrittenInTheGivenOrder() {
    Map<String, SafeTensor> t = Map.of("w", SafeTensor.ofFloats(new float[] {1f}, new long[] {1}, SafeDType.F32));
    Map<String, String> given = new LinkedHashMap<>();
    given.put("step", "3");
    given.put("format", "pt");
    byte[] ordered = SafetensorsWriter.toBytes(t, given);
    assertTrue(new String(ordered, 8, 40, StandardCharsets.UTF_8).startsWith("{\"__metadata__\":{\"step\":\"3\","));
  }

  @Test
  void bf16RoundsToNearestEven() {
    assertEquals((short) 0x3f80, SafeTensor.toBf16(1.0f));
    assertEquals((short) 0x3f80, SafeTensor.toBf16(Float.intBitsToFloat(0x3f808000))); // tie → even
    assertEquals((short) 0x3f82, SafeTensor.toBf16(Float.intBitsToFloat(0x3f818000))); // tie → even (up)
    assertEquals((short) 0x3f81, SafeTensor.toBf16(Float.intBitsToFloat(0x3f808001)));
    assertEquals(1.0f, SafeTensor.halfToFloat(SafeTensor.floatToHalf(1.0f)));
    assertEquals((short) 0x7bff, SafeTensor.floatToHalf(65504f));
  }

  @Test
  void referenceOrderPutsWideTypesFirstThenNames() {
    assertEquals(List.of("ids", "a.bias", "half", "model.embed_tokens.weight"),
        SafetensorsWriter.referenceOrder(sample()));
  }

  @Test
  void shardedCheckpointsRoundTripWithAnIndex() throws Exception {
    Map<String, SafeTensor> t = sample();
    Map<String, Long> sizes = new LinkedHashMap<>();
    t.forEach((n, v) -> sizes.put(n, v.byteSize()));
    List<String> files = CheckpointWriter.write(tmp, List.copyOf(t.keySet()), sizes, t::get, 20);
    assertTrue(files.contains(CheckpointReader.INDEX_FILE));
    assertTrue(files.contains("model-00001-of-00003.safetensors"), files.toString());
    try (CheckpointReader r = CheckpointReader.open(tmp)) {
      assertEquals(t.keySet(), new java.util.HashSet<>(r.names()));
      assertArrayEquals(t.get("half").toFloats(), r.tensor("half").toFloats());
    }
    String index = Files.readString(tmp.resolve(CheckpointReader.INDEX_FILE));
    assertTrue(index.contains("\"total_size\": 54"), index);
  }

  @Test
  void newerTransformersNamesMapToTheReleasedLayout() {
    assertEquals("model.layers.0.mlp.up_proj.weight",
        CheckpointReader.canonicalName("model.language_model.layers.0.mlp.up_proj.weight"));
    assertEquals("visual.blocks.3.attn.qkv.bias",
        CheckpointReader.canonicalName("model.visual.blocks.3.attn.qkv.bias"));
    assertEquals("lm_head.weight", CheckpointReader.canonicalName("lm_head.weight"));
  }
}
