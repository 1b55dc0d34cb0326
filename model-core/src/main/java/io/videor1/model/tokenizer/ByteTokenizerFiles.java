package io.videor1.model.tokenizer;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.videor1.model.config.ModelPresets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the tokenizer files of the tiny and mid presets: a Qwen2-shaped byte-level BPE {@code tokenizer.json} (NFC,
 * Qwen2's split regex, byte-level alphabet, no merges) with Qwen's special tokens from id 256, and a
 * {@code tokenizer_config.json} carrying the Qwen2.5-VL chat template.
 *
 * <p>As in Qwen's own checkpoints the model's vocabulary may be larger than the tokenizer's: ids past the last special
 * token are valid model outputs that decode to nothing.
 */
public final class ByteTokenizerFiles {
  /** Qwen2's pre-tokenizer split pattern. */
  public static final String QWEN2_SPLIT = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?"
      + "[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

  private ByteTokenizerFiles() {}

  /** Writes {@code tokenizer.json} and {@code tokenizer_config.json} for a model of {@code vocabSize} ids. */
  public static void write(Path dir, int vocabSize) throws IOException {
    Files.createDirectories(dir);
    var gson = new GsonBuilder().disableHtmlEscaping().create();
    Files.writeString(dir.resolve("tokenizer.json"), gson.toJson(tokenizerJson(vocabSize)), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("tokenizer_config.json"),
        new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(tokenizerConfig()) + "\n",
        StandardCharsets.UTF_8);
  }

  /** The GPT-2 byte → printable character map used by byte-level BPE. */
  public static char[] byteAlphabet() {
    char[] map = new char[256];
    int next = 256;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      map[b] = printable ? (char) b : (char) next++;
    }
    return map;
  }

  static JsonObject tokenizerJson(int vocabSize) {
    int base = ModelPresets.TINY_SPECIAL_BASE;
    int specials = ModelPresets.SPECIAL_TOKENS.size();
    if (vocabSize < base + specials) {
      throw new IllegalArgumentException("vocab_size must be >= " + (base + specials) + " (got " + vocabSize + ")");
    }
    JsonObject vocab = new JsonObject();
    char[] alphabet = byteAlphabet();
    for (int b = 0; b < 256; b++) {
      vocab.addProperty(String.valueOf(alphabet[b]), b);
    }
    JsonArray added = new JsonArray();
    for (int i = 0; i < specials; i++) {
      JsonObject t = new JsonObject();
      t.addProperty("id", base + i);
      t.addProperty("content", ModelPresets.SPECIAL_TOKENS.get(i));
      t.addProperty("single_word", false);
      t.addProperty("lstrip", false);
      t.addProperty("rstrip", false);
      t.addProperty("normalized", false);
      t.addProperty("special", true);
      added.add(t);
    }
    JsonObject model = new JsonObject();
    model.addProperty("type", "BPE");
    model.add("dropout", null);
    model.add("unk_token", null);
    model.addProperty("continuing_subword_prefix", "");
    model.addProperty("end_of_word_suffix", "");
    model.addProperty("fuse_unk", false);
    model.addProperty("byte_fallback", false);
    model.addProperty("ignore_merges", false);
    model.add("vocab", vocab);
    model.add("merges", new JsonArray());
    JsonObject split = new JsonObject();
    split.addProperty("type", "Split");
    JsonObject pattern = new JsonObject();
    pattern.addProperty("Regex", QWEN2_SPLIT);
    split.add("pattern", pattern);
    split.addProperty("behavior", "Isolated");
    split.addProperty("invert", false);
    JsonArray pre = new JsonArray();
    pre.add(split);
    pre.add(byteLevel("ByteLevel"));
    JsonObject preTok = new JsonObject();
    preTok.addProperty("type", "Sequence");
    preTok.add("pretokenizers", pre);
    JsonObject norm = new JsonObject();
    norm.addProperty("type", "NFC");
    JsonObject root = new JsonObject();
    root.addProperty("version", "1.0");
    root.add("truncation", null);
    root.add("padding", null);
    root.add("added_tokens", added);
    root.add("normalizer", norm);
    root.add("pre_tokenizer", preTok);
    root.add("post_processor", byteLevel("ByteLevel"));
    root.add("decoder", byteLevel("ByteLevel"));
    root.add("model", model);
    return root;
  }

  private static JsonObject byteLevel(String type) {
    JsonObject o = new JsonObject();
    o.addProperty("type", type);
    o.addProperty("add_prefix_space", false);
    o.addProperty("trim_offsets", false);
    o.addProperty("use_regex", false);
    return o;
  }

  static JsonObject tokenizerConfig() {
    JsonObject c = new JsonObject();
    c.addProperty("add_prefix_space", false);
    JsonObject dec = new JsonObject();
    for (int i = 0; i < ModelPresets.SPECIAL_TOKENS.size(); i++) {
      JsonObject t = new JsonObject();
      t.addProperty("content", ModelPresets.SPECIAL_TOKENS.get(i));
      t.addProperty("lstrip", false);
      t.addProperty("normalized", false);
      t.addProperty("rstrip", false);
      t.addProperty("single_word", false);
      t.addProperty("special", true);
      dec.add(String.valueOf(ModelPresets.TINY_SPECIAL_BASE + i), t);
    }
    c.add("added_tokens_decoder", dec);
    c.add("bos_token", null);
    c.addProperty("chat_template", ChatTemplate.JINJA);
    c.addProperty("clean_up_tokenization_spaces", false);
    c.addProperty("eos_token", QwenTokenizer.IM_END);
    c.addProperty("errors", "replace");
    c.addProperty("model_max_length", 131072);
    c.addProperty("pad_token", QwenTokenizer.END_OF_TEXT);
    c.addProperty("split_special_tokens", false);
    c.addProperty("tokenizer_class", "Qwen2Tokenizer");
    c.add("unk_token", null);
    return c;
  }
}
