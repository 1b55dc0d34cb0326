package io.videor1.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.app.VideoR1;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One broken copy of the shared transformers checkpoint per class of malformed checkpoint: {@code videor1 inspect}
 * exits 2 with exactly one line on stderr that names the file, the tensor or field, and the problem.
 */
class MalformedCheckpointTest {
  /** Breaks a copy of the checkpoint. */
  @FunctionalInterface
  interface Breakage {
    void apply(Path dir) throws Exception;
  }

  static Stream<Arguments> classes() {
    String norm = "model.norm.weight";
    return Stream.of(
        c("header length past the file", d -> BrokenCheckpoints.headerLength(d, Files.size(d.resolve("model"
            + ".safetensors"))), "model.safetensors: header: header length", "runs past the end"),
        c("header length beyond the bound", d -> BrokenCheckpoints.headerLength(d, 1L << 62),
            "model.safetensors: header: header length 4611686018427387904 is outside 2..100000000 bytes"),
        c("header not JSON", d -> BrokenCheckpoints.header(d, h -> h.replaceFirst("\\{", "{,")),
            "model.safetensors: header: header is not valid JSON"),
        c("header JSON of the wrong shape", d -> BrokenCheckpoints.header(d, h -> h.replaceFirst("data_offsets",
            "data_offsetz")), "model.safetensors: lm_head.weight: missing data_offsets"),
        c("unknown dtype", d -> BrokenCheckpoints.header(d, h -> h.replaceFirst("\"F32\"", "\"Q4\"")),
            "lm_head.weight: dtype Q4 is not supported"),
        c("shape product overflows", d -> BrokenCheckpoints.header(d, h -> h.replaceFirst("\\[288,64\\]",
            "[4294967296,4294967296,16]")), "lm_head.weight: shape [4294967296, 4294967296, 16] overflows"),
        c("shape against data_offsets", d -> BrokenCheckpoints.header(d, h -> h.replace(BrokenCheckpoints.entry(h,
            norm), BrokenCheckpoints.entry(h, norm).replace("[64]", "[65]"))),
            norm + ": F32 [65] needs 260 bytes but data_offsets span 256"),
        c("offsets past the data", d -> BrokenCheckpoints.truncate(d, 4), "end past the"),
        c("overlapping offsets", d -> BrokenCheckpoints.header(d, h -> h.replace("[444416,444672]",
            "[444412,444668]")), norm + ": data_offsets [444412, 444668] overlap the previous tensor"),
        c("bytes past the last tensor", d -> BrokenCheckpoints.truncate(d, -8),
            "model.safetensors: header: 8 bytes after the last tensor"),
        c("required tensor missing", d -> BrokenCheckpoints.header(d, h -> h.replace("\"" + norm + "\"",
            "\"model.norm.weigh\"")), norm + ": missing from the weights"),
        c("tensor the config has no place for", d -> BrokenCheckpoints.header(d, h -> h.replaceFirst("\\{",
            "{\"extra.weight\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},")),
            "extra.weight: is not a parameter of the model config.json describes"),
        c("integer weights", d -> BrokenCheckpoints.header(d, h -> h.replace(BrokenCheckpoints.entry(h, norm),
            BrokenCheckpoints.entry(h, norm).replace("F32", "I32"))), norm + ": dtype I32 is not a float type"),
        c("config dimension beyond the tensors", d -> BrokenCheckpoints.edit(d, "config.json",
            "\"intermediate_size\": 128", "\"intermediate_size\": 256"),
            "model.layers.0.mlp.gate_proj.weight: shape [128, 64] but config.json implies [256, 64]"),
        c("shard outside the folder", d -> Files.writeString(d.resolve("model.safetensors.index.json"),
            "{\"weight_map\":{\"lm_head.weight\":\"../model.safetensors\"}}"),
            "model.safetensors.index.json: ../model.safetensors: is not a plain file name inside the checkpoint"),
        c("shard missing", d -> Files.writeString(d.resolve("model.safetensors.index.json"),
            "{\"weight_map\":{\"lm_head.weight\":\"model-00002-of-00002.safetensors\"}}"),
            "model-00002-of-00002.safetensors: shard file is missing"),
        c("config.json missing", d -> Files.delete(d.resolve("config.json")), "config.json: is missing"),
        c("config.json not JSON", d -> Files.writeString(d.resolve("config.json"), "{\"hidden_size\": 64,"),
            "config.json: document: is not valid JSON"),
        c("config field of the wrong type", d -> BrokenCheckpoints.edit(d, "config.json", "\"hidden_size\": 64,",
            "\"hidden_size\": \"64\","), "config.json: hidden_size: must be an integer in 1..65536 (got \"64\")"),
        c("config field fractional", d -> BrokenCheckpoints.edit(d, "config.json", "\"num_hidden_layers\": 2",
            "\"num_hidden_layers\": 2.5"), "config.json: num_hidden_layers: must be an integer in 1..1024 (got 2.5)"),
        c("config field missing", d -> BrokenCheckpoints.edit(d, "config.json", "\"num_attention_heads\": 4,", ""),
            "config.json: num_attention_heads: is missing"),
        c("config size zero", d -> BrokenCheckpoints.edit(d, "config.json", "\"num_attention_heads\": 4",
            "\"num_attention_heads\": 0"), "config.json: num_attention_heads: must be an integer in 1..1024 (got 0,"
            + " zero)"),
        c("config size negative", d -> BrokenCheckpoints.edit(d, "config.json", "\"vocab_size\": 288",
            "\"vocab_size\": -288"), "config.json: vocab_size: must be an integer in 1..4194304 (got -288, negative)"),
        c("config size too large", d -> BrokenCheckpoints.edit(d, "config.json", "\"vocab_size\": 288",
            "\"vocab_size\": 1e12"), "config.json: vocab_size: must be an integer in 1..4194304 (got 1e12, too large)"),
        c("config vision field of the wrong type", d -> BrokenCheckpoints.edit(d, "config.json", "\"depth\": 2",
            "\"depth\": [2]"), "config.json: vision_config.depth: must be an integer in 1..1024 (got [2])"),
        c("token id outside the vocabulary", d -> BrokenCheckpoints.edit(d, "config.json", "\"video_token_id\": 269",
            "\"video_token_id\": 5000"), "config.json: video_token_id: must be an integer in 0..287"),
        c("tokenizer.json not JSON", d -> Files.writeString(d.resolve("tokenizer.json"), "{\"model\": {]"),
            "tokenizer.json: document: is not valid JSON"),
        c("tokenizer_config.json not JSON", d -> Files.writeString(d.resolve("tokenizer_config.json"), "chat"),
            "tokenizer_config.json: document: is not valid JSON"),
        c("tokenizer without the model's tokens", d -> BrokenCheckpoints.edit(d, "tokenizer.json", "<|im_end|>",
            "<|im_fin|>"), "tokenizer.json: <|im_end|>: is not an added token"),
        c("tokenizer the library cannot load", d -> BrokenCheckpoints.edit(d, "tokenizer.json", "\"BPE\"",
            "\"NoSuchModel\""), "tokenizer.json: tokenizer: does not load in the tokenizers library"),
        c("preprocessor against the vision tower", d -> BrokenCheckpoints.edit(d, "preprocessor_config.json",
            "\"patch_size\": 14", "\"patch_size\": 16"),
            "preprocessor_config.json: patch_size: is 16 but config.json's vision_config has 14"));
  }

  private static Arguments c(String name, Breakage b, String... reason) {
    return Arguments.of(name, b, List.of(reason));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("classes")
  void exitsTwoWithOneLineNamingFileFieldAndProblem(String name, Breakage breakage, List<String> reason,
      @TempDir Path tmp) throws Exception {
    Path dir = BrokenCheckpoints.copy(tmp.resolve("ckpt"));
    breakage.apply(dir);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = VideoR1.execute(new PrintWriter(out), new PrintWriter(err), "inspect", "--model", dir.toString());
    List<String> lines = err.toString().lines().toList();
    assertEquals(2, code, name + ": " + err);
    assertEquals(1, lines.size(), name + ": " + err);
    assertTrue(lines.get(0).startsWith("checkpoint error: " + dir), lines.get(0));
    reason.forEach(r -> assertTrue(lines.get(0).contains(r), name + ": expected '" + r + "' in: " + lines.get(0)));
    assertEquals("", out.toString());
  }
}
