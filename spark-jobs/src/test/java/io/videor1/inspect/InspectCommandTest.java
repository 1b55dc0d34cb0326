package io.videor1.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.videor1.app.VideoR1;
import io.videor1.model.check.WeightShapes;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.io.SafeDType;
import io.videor1.model.io.SafeTensor;
import io.videor1.model.io.SafetensorsWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code videor1 inspect} on the shared transformers checkpoints (text and JSON), with a LoRA adapter beside the
 * weights, and the driver-side check of {@code train}, {@code sft} and {@code eval}: a malformed model exits 2 with
 * the same one line before Spark starts.
 */
class InspectCommandTest {
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = VideoR1.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void reportsTheSharedCheckpoints() throws Exception {
    for (String name : new String[] {"qwen25vl-tiny", "qwen25vl-cases"}) {
      Path dir = BrokenCheckpoints.shared(name);
      Qwen25VlConfig c = Qwen25VlConfig.read(dir);
      Run text = run("inspect", "--model", dir.toString());
      assertEquals(0, text.code(), text.err());
      assertTrue(text.out().contains("architecture    Qwen2_5_VLForConditionalGeneration (model_type qwen2_5_vl"),
          text.out());
      assertTrue(text.out().contains("tied head       " + (c.text().tieWordEmbeddings() ? "yes" : "no")), text.out());
      assertTrue(text.out().contains("loads here      yes: valid; float32 weights need"), text.out());
      assertTrue(text.out().contains("chat template   yes"), text.out());
      assertTrue(text.out().contains("<|im_end|> 258"), text.out());

      Run json = run("inspect", "--model", dir.toString(), "--json");
      assertEquals(0, json.code(), json.err());
      JsonObject o = JsonParser.parseString(json.out()).getAsJsonObject();
      JsonObject p = o.getAsJsonObject("parameters");
      assertEquals(c.parameterCount(), p.get("total").getAsLong());
      assertEquals(c.vision().parameterCount(), p.get("vision").getAsLong());
      assertEquals(c.text().tieWordEmbeddings() ? 0 : (long) c.text().vocabSize() * c.text().hiddenSize(),
          p.get("head").getAsLong());
      assertEquals(c.text().tieWordEmbeddings(), o.get("tied_head").getAsBoolean());
      assertEquals(c.text().vocabSize(), o.get("vocab_size").getAsInt());
      assertEquals(14, o.getAsJsonObject("special_tokens").size());
      assertEquals(Files.size(dir.resolve("model.safetensors")),
          o.getAsJsonArray("shards").get(0).getAsJsonObject().get("bytes").getAsLong());
      assertEquals(14, o.getAsJsonObject("preprocessor").get("patch_size").getAsInt());
      assertTrue(o.get("lora_adapter").isJsonNull());
      assertTrue(o.get("loads").getAsBoolean());
    }
  }

  @Test
  void reportsAndChecksALoraAdapter(@TempDir Path tmp) throws Exception {
    Path dir = BrokenCheckpoints.copy(tmp.resolve("ckpt"));
    Path adapter = Files.createDirectories(dir.resolve("adapter"));
    Files.writeString(adapter.resolve("adapter_config.json"), "{\"r\": 4, \"lora_alpha\": 8, \"target_modules\":"
        + " [\"q_proj\"], \"base_model_name_or_path\": \"tiny\", \"peft_type\": \"LORA\"}");
    Map<String, SafeTensor> t = new LinkedHashMap<>();
    String q = "base_model.model.model.layers.0.self_attn.q_proj.";
    t.put(q + "lora_A.weight", SafeTensor.ofFloats(new float[4 * 64], new long[] {4, 64}, SafeDType.F32));
    t.put(q + "lora_B.weight", SafeTensor.ofFloats(new float[64 * 4], new long[] {64, 4}, SafeDType.F32));
    SafetensorsWriter.write(adapter.resolve("adapter_model.safetensors"), t, Map.of("format", "pt"));
    Run ok = run("inspect", "--model", dir.toString());
    assertEquals(0, ok.code(), ok.err());
    assertTrue(ok.out().contains("lora adapter    adapter: r 4, alpha 8.0, targets [q_proj], 512 parameters"),
        ok.out());

    t.put(q + "lora_B.weight", SafeTensor.ofFloats(new float[64 * 8], new long[] {64, 8}, SafeDType.F32));
    SafetensorsWriter.write(adapter.resolve("adapter_model.safetensors"), t, Map.of("format", "pt"));
    Run bad = run("inspect", "--model", dir.toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("adapter_model.safetensors: " + q + "lora_B.weight: shape [64, 8] but r = 4"),
        bad.err());
  }

  @Test
  void tensorsOver2GiBAndShardsOver4GiBAreLimitedByTheFileAlone(@TempDir Path tmp) throws Exception {
    // The tiny checkpoint 160 wide with a vocabulary of 4 M: embed_tokens and lm_head are 2.56 GB each in fp32, in
    // one 5.1 GB file written sparse (validation reads headers only, so the data may be holes).
    long vocab = 4_000_000;
    Path dir = BrokenCheckpoints.copy(tmp.resolve("ckpt"));
    BrokenCheckpoints.edit(dir, "config.json", "\"vocab_size\": 288", "\"vocab_size\": " + vocab);
    BrokenCheckpoints.edit(dir, "config.json", "\"hidden_size\": 64,", "\"hidden_size\": 160,");
    BrokenCheckpoints.edit(dir, "config.json", "\"out_hidden_size\": 64,", "\"out_hidden_size\": 160,");
    BrokenCheckpoints.edit(dir, "config.json", "\"num_attention_heads\": 4,", "\"num_attention_heads\": 10,");
    StringBuilder h = new StringBuilder("{");
    long offset = 0;
    for (Map.Entry<String, long[]> e : WeightShapes.of(Qwen25VlConfig.read(dir)).entrySet()) {
      long end = offset + 4 * java.util.Arrays.stream(e.getValue()).reduce(1, (a, b) -> a * b);
      h.append(h.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":")
          .append(java.util.Arrays.toString(e.getValue()).replace(" ", "")).append(",\"data_offsets\":[")
          .append(offset).append(',').append(end).append("]}");
      offset = end;
    }
    h.append('}');
    while (h.length() % 8 != 0) {
      h.append(' ');
    }
    byte[] header = h.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(dir.resolve(BrokenCheckpoints.WEIGHTS).toFile(),
        "rw")) {
      f.setLength(0);
      f.write(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(header.length)
          .array());
      f.write(header);
      f.setLength(8 + header.length + offset);
    }
    assertTrue(offset > 4L << 30, "a shard over 4 GiB: " + offset);
    Run ok = run("inspect", "--model", dir.toString(), "--json");
    assertEquals(0, ok.code(), ok.err());
    JsonObject o = JsonParser.parseString(ok.out()).getAsJsonObject();
    assertEquals(vocab * 160, o.getAsJsonObject("parameters").get("head").getAsLong(), "2.56 GB in fp32");
    assertEquals(8 + header.length + offset, o.getAsJsonArray("shards").get(0).getAsJsonObject().get("bytes")
        .getAsLong());
  }

  @Test
  void trainSftAndEvalRefuseAMalformedModelBeforeSparkStarts(@TempDir Path tmp) throws Exception {
    Path dir = BrokenCheckpoints.copy(tmp.resolve("ckpt"));
    BrokenCheckpoints.edit(dir, "config.json", "\"hidden_size\": 64,", "\"hidden_size\": -64,");
    String m = dir.toString();
    String x = tmp.resolve("unused").toString();
    for (List<String> args : List.of(List.of("train", "--frames", x, "--model", m, "--out", x),
        List.of("sft", "--frames", x, "--model", m, "--out", x),
        List.of("eval", "--bench", x, "--media-root", x, "--model", m, "--out", x))) {
      Run r = run(args.toArray(String[]::new));
      assertEquals(2, r.code(), args + ": " + r.err());
      assertEquals(List.of("checkpoint error: " + m + "/config.json: hidden_size: must be an integer in 1..65536 (got"
          + " -64, negative)"), r.err().lines().toList(), args.toString());
    }
    assertTrue(Files.notExists(tmp.resolve("unused")), "nothing was written");
  }
}
