package io.videor1.model.config;

import io.videor1.model.io.SafeDType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * What a checkpoint folder holds besides its weights: config.json, preprocessor_config.json and the tokenizer files.
 * Here rather than on the model so that writers below it (the LoRA package's merged export) need not depend on it.
 */
public final class ConfigFiles {
  /** Files copied from the source checkpoint when saving, if present. */
  public static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json", "vocab.json",
      "merges.txt", "special_tokens_map.json", "added_tokens.json", "chat_template.json", "chat_template.jinja",
      "generation_config.json");

  private ConfigFiles() {}

  /**
   * Writes config.json (with {@code torch_dtype} set to {@code dtype}), preprocessor_config.json and the tokenizer
   * files found in {@code tokenizerDir} into {@code dir}.
   */
  public static void write(Path dir, Qwen25VlConfig config, PreprocessorConfig preprocessor, Path tokenizerDir,
      SafeDType dtype) throws IOException {
    Files.createDirectories(dir);
    config.withTorchDtype(dtype.torchName()).write(dir);
    preprocessor.write(dir);
    for (String f : TOKENIZER_FILES) {
      Path src = tokenizerDir.resolve(f);
      if (Files.exists(src) && !src.toAbsolutePath().normalize().equals(dir.resolve(f).toAbsolutePath().normalize())) {
        Files.copy(src, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
