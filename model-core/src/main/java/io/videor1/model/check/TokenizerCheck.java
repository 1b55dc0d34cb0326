package io.videor1.model.check;

import com.google.gson.JsonElement;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.io.CheckpointFiles;
import io.videor1.model.io.InvalidCheckpointException;
import io.videor1.model.tokenizer.QwenTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks {@code tokenizer.json} and {@code tokenizer_config.json}: both parse as JSON objects of the expected shape,
 * every id is inside the config's vocabulary (an id past the embedding table fails inside the engine), the tokens the
 * model relies on exist with the ids config.json gives, and the tokenizer loads in the Hugging Face tokenizers library
 * (whose own parser decides what a usable tokenizer.json is).
 */
final class TokenizerCheck {
  static final String FILE = "tokenizer.json";
  static final String CONFIG_FILE = "tokenizer_config.json";

  private TokenizerCheck() {}

  static CheckpointSummary.TokenizerInfo check(CheckpointFiles files, Qwen25VlConfig config) throws IOException {
    String where = files.path(FILE);
    if (!files.isFile(FILE)) {
      throw new InvalidCheckpointException(files.location(), FILE, "is missing");
    }
    String text = files.readString(FILE);
    JsonFields tok = JsonFields.parse(where, text);
    JsonFields model = tok.object("model");
    if (model == null) {
      throw tok.error("model", "is missing");
    }
    model.string("type", "BPE");
    int maxId = -1;
    JsonElement vocab = model.json().get("vocab");
    if (vocab != null && vocab.isJsonObject()) {
      for (Map.Entry<String, JsonElement> e : vocab.getAsJsonObject().entrySet()) {
        maxId = Math.max(maxId, (int) model.integer("vocab." + e.getKey(), e.getValue(), 0, Integer.MAX_VALUE));
      }
    } else if (vocab != null && vocab.isJsonArray()) {
      maxId = vocab.getAsJsonArray().size() - 1; // Unigram: ids are positions
    }
    Map<String, Integer> special = new LinkedHashMap<>();
    Map<String, Integer> added = new LinkedHashMap<>();
    JsonElement list = tok.json().get("added_tokens");
    if (list != null && !list.isJsonNull()) {
      if (!list.isJsonArray()) {
        throw tok.error("added_tokens", "must be an array");
      }
      int i = 0;
      for (JsonElement e : list.getAsJsonArray()) {
        JsonFields t = tok.child("added_tokens[" + i++ + "]", e);
        if (t == null) {
          throw tok.error("added_tokens[" + (i - 1) + "]", "must be an object with id and content");
        }
        int id = t.integer("id", 0, Integer.MAX_VALUE);
        String content = t.string("content", null);
        if (content == null) {
          throw t.error("content", "is missing");
        }
        added.put(content, id);
        if (t.bool("special", false)) {
          special.put(content, id);
        }
        maxId = Math.max(maxId, id);
      }
    }
    int vocabSize = config.text().vocabSize();
    if (maxId >= vocabSize) {
      throw new InvalidCheckpointException(where, "ids", "id " + maxId + " is outside config.json vocab_size "
          + vocabSize);
    }
    required(where, added, QwenTokenizer.IM_END, -1);
    required(where, added, QwenTokenizer.END_OF_TEXT, -1);
    if (config.hasVision()) {
      required(where, added, QwenTokenizer.IMAGE_PAD, config.imageTokenId());
      required(where, added, QwenTokenizer.VIDEO_PAD, config.videoTokenId());
      required(where, added, QwenTokenizer.VISION_START, config.visionStartTokenId());
    }
    loads(files, where, text);
    String eos = null;
    String pad = null;
    boolean template = files.isFile("chat_template.jinja") || files.isFile("chat_template.json");
    if (files.isFile(CONFIG_FILE)) {
      JsonFields tc = JsonFields.parse(files.path(CONFIG_FILE), files.readString(CONFIG_FILE));
      eos = token(tc, "eos_token");
      pad = token(tc, "pad_token");
      JsonElement ct = tc.json().get("chat_template");
      if (ct != null && !ct.isJsonNull()) {
        if (!(ct.isJsonPrimitive() && ct.getAsJsonPrimitive().isString()) && !ct.isJsonArray()) {
          throw tc.error("chat_template", "must be a string or a list of named templates");
        }
        template = true;
      }
    }
    return new CheckpointSummary.TokenizerInfo(maxId + 1, Map.copyOf(special), eos, pad, template);
  }

  /** Loads the file in the tokenizers library, from a local copy when the folder is remote. */
  private static void loads(CheckpointFiles files, String where, String text) throws IOException {
    Path local = files.localPath(FILE);
    Path tmp = null;
    if (local == null) {
      tmp = Files.createTempDirectory("videor1-tokenizer-");
      local = Files.writeString(tmp.resolve(FILE), text, StandardCharsets.UTF_8);
    }
    try (QwenTokenizer t = QwenTokenizer.load(local)) {
      t.tokenId(QwenTokenizer.IM_END);
    } catch (RuntimeException e) {
      throw new InvalidCheckpointException(where, "tokenizer", "does not load in the tokenizers library ("
          + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
    } finally {
      if (tmp != null) {
        Files.deleteIfExists(tmp.resolve(FILE));
        Files.deleteIfExists(tmp);
      }
    }
  }

  private static void required(String where, Map<String, Integer> added, String token, int id)
      throws InvalidCheckpointException {
    Integer got = added.get(token);
    if (got == null) {
      throw new InvalidCheckpointException(where, token, "is not an added token; the model needs it");
    }
    if (id >= 0 && got != id) {
      throw new InvalidCheckpointException(where, token, "has id " + got + " but config.json says " + id);
    }
  }

  private static String token(JsonFields tc, String k) throws InvalidCheckpointException {
    JsonElement e = tc.json().get(k);
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (e.isJsonObject()) {
      return tc.child(k, e).string("content", null);
    }
    return tc.string(k, null);
  }
}
