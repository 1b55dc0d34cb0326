package io.videor1.model.check;

import io.videor1.model.config.PreprocessorConfig;
import io.videor1.model.config.Qwen25VlConfig;
import io.videor1.model.io.SafeDType;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What validation found in a checkpoint folder that passed: the config, every tensor with its file, the shards,
 * the tokenizer, the preprocessor settings and a LoRA adapter if there is one.
 *
 * @param location the folder as given
 * @param architecture {@code architectures[0]} of config.json, or the class the model type implies
 * @param config the model configuration
 * @param tensors every weight tensor, canonical names, in file order
 * @param shards the weight files
 * @param tokenizer the tokenizer files
 * @param preprocessor {@code preprocessor_config.json} (the Qwen2.5-VL defaults when absent)
 * @param preprocessorFile whether {@code preprocessor_config.json} exists
 * @param adapter the LoRA adapter under {@code adapter/} or in the folder itself, or null
 */
public record CheckpointSummary(String location, String architecture, Qwen25VlConfig config,
    List<TensorInfo> tensors, List<ShardInfo> shards, TokenizerInfo tokenizer, PreprocessorConfig preprocessor,
    boolean preprocessorFile, AdapterInfo adapter) {

  /**
   * One tensor.
   *
   * @param name canonical name ({@code model.layers.0.mlp.up_proj.weight})
   * @param file the shard holding it
   * @param dtype element type
   * @param shape dimensions
   */
  public record TensorInfo(String name, String file, SafeDType dtype, long[] shape) {
    /** Element count. */
    public long numel() {
      long n = 1;
      for (long s : shape) {
        n *= s;
      }
      return n;
    }
  }

  /**
   * One weight file.
   *
   * @param file its name in the folder
   * @param bytes its size
   * @param tensors tensors it holds
   */
  public record ShardInfo(String file, long bytes, int tensors) {}

  /**
   * The tokenizer.
   *
   * @param vocabSize ids the tokenizer can produce (its model's vocabulary plus added tokens)
   * @param specialTokens special added tokens, content → id
   * @param eosToken {@code eos_token} of tokenizer_config.json, or null
   * @param padToken {@code pad_token} of tokenizer_config.json, or null
   * @param chatTemplate whether a chat template is shipped (tokenizer_config.json, chat_template.json or .jinja)
   */
  public record TokenizerInfo(int vocabSize, Map<String, Integer> specialTokens, String eosToken, String padToken,
      boolean chatTemplate) {}

  /**
   * A PEFT LoRA adapter.
   *
   * @param folder where it was found ("." or "adapter")
   * @param r rank
   * @param alpha {@code lora_alpha}
   * @param targetModules {@code target_modules}
   * @param baseModel {@code base_model_name_or_path}, or null
   * @param parameters adapter parameters
   */
  public record AdapterInfo(String folder, int r, double alpha, List<String> targetModules, String baseModel,
      long parameters) {}

  /** Parameters per module: {@code vision} (visual.*), {@code decoder} (model.*), {@code head} (lm_head.*). */
  public Map<String, Long> parametersByModule() {
    Map<String, Long> out = new TreeMap<>();
    out.put("vision", 0L);
    out.put("decoder", 0L);
    out.put("head", 0L);
    for (TensorInfo t : tensors) {
      String m = t.name().startsWith("visual.") ? "vision" : t.name().startsWith("lm_head.") ? "head" : "decoder";
      if (!(m.equals("head") && config.text().tieWordEmbeddings())) { // a redundant copy of a tied head
        out.merge(m, t.numel(), Long::sum);
      }
    }
    return out;
  }

  /** Tensor count per element type. */
  public Map<SafeDType, Integer> dtypes() {
    Map<SafeDType, Integer> out = new TreeMap<>();
    tensors.forEach(t -> out.merge(t.dtype(), 1, Integer::sum));
    return out;
  }

  /** Bytes of the weights once loaded as float32 (what CPU compute holds). */
  public long float32Bytes() {
    return tensors.stream().mapToLong(t -> t.numel() * 4).sum();
  }
}
