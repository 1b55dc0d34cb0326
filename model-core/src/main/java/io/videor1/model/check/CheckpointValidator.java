package io.videor1.model.check;

import com.google.gson.JsonElement;
import io.videor1.model.config.PreprocessorConfig;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.io.CheckpointFiles;
import io.videor1.model.io.InvalidCheckpointException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Validates a checkpoint folder as untrusted data before anything is allocated or mapped: {@code config.json}
 * ({@link ConfigCheck}), the weight files' headers against the shapes the config implies ({@link WeightsCheck}), the
 * tokenizer files ({@link TokenizerCheck}), {@code preprocessor_config.json} ({@link PreprocessorCheck}) and a LoRA
 * adapter if there is one ({@link AdapterCheck}). Reads only JSON files and safetensors headers.
 *
 * <p>Every refusal is an {@link InvalidCheckpointException} whose one-line message names the file, the tensor or
 * field, and the problem; the command line turns it into exit code 2.
 */
public final class CheckpointValidator {
  /**
   * The name prefix of every tensor in a PEFT adapter file ({@code adapter_model.safetensors}); the LoRA package
   * writes it, this package checks it.
   */
  public static final String PEFT_PREFIX = "base_model.model.";

  private CheckpointValidator() {}

  /** Validates a local folder. */
  public static CheckpointSummary validate(Path dir) throws IOException {
    return validate(CheckpointFiles.local(dir));
  }

  /** Validates the folder {@code files} reads. */
  public static CheckpointSummary validate(CheckpointFiles files) throws IOException {
    if (!files.isFile("config.json")) {
      throw new InvalidCheckpointException(files.location(), "config.json", "is missing (not a Hugging Face"
          + " checkpoint folder)");
    }
    String configText = files.readString("config.json");
    Qwen25VlConfig config = ConfigCheck.check(files.path("config.json"), configText);
    WeightsCheck.Result weights = WeightsCheck.check(files, config);
    CheckpointSummary.TokenizerInfo tokenizer = TokenizerCheck.check(files, config);
    PreprocessorConfig pre = PreprocessorCheck.check(files, config);
    CheckpointSummary.AdapterInfo adapter = AdapterCheck.check(files, config);
    return new CheckpointSummary(files.location(), architecture(configText, config), config, weights.tensors(),
        weights.shards(), tokenizer, pre, files.isFile(PreprocessorCheck.FILE), adapter);
  }

  private static String architecture(String configText, Qwen25VlConfig config) throws InvalidCheckpointException {
    JsonElement a = JsonFields.parse("config.json", configText).json().get("architectures");
    if (a != null && a.isJsonArray() && a.getAsJsonArray().size() > 0 && a.getAsJsonArray().get(0).isJsonPrimitive()) {
      return a.getAsJsonArray().get(0).getAsString();
    }
    return config.hasVision() ? "Qwen2_5_VLForConditionalGeneration" : "Qwen2ForCausalLM";
  }
}
