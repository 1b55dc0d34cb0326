package io.videor1.train.run;

import ai.djl.ndarray.types.DataType;
import com.typesafe.config.Config;
import io.videor1.exec.ComputeDtype;
import io.videor1.model.lora.LoraConfig;
import io.videor1.prompt.PromptStyle;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a trainer builds its policy: the starting checkpoint, what trains (all weights but the frozen modules, or LoRA
 * adapters only) and how prompts are written. Shipped to executors, which build their replica from it.
 *
 * @param initDir the starting checkpoint directory (Hugging Face layout, any Hadoop FileSystem path)
 * @param lora LoRA settings, or null to train the weights themselves
 * @param freeze module-name prefixes whose weights stay fixed (ignored under LoRA, which freezes the whole base)
 * @param promptStyle how the question is written into the prompt
 * @param promptFps the frame rate the prompt declares for a video (2.0 = Video-R1 training's 1 s per temporal patch)
 * @param computeDtype what executors hold the policy, the reference and the rollouts in ({@link ComputeDtype}); the
 *     driver's master weights are float32 either way
 */
public record ModelSpec(String initDir, LoraConfig lora, List<String> freeze, PromptStyle promptStyle,
    double promptFps, DataType computeDtype) implements Serializable {

  /** A float32 spec. */
  public ModelSpec(String initDir, LoraConfig lora, List<String> freeze, PromptStyle promptStyle, double promptFps) {
    this(initDir, lora, freeze, promptStyle, promptFps, DataType.FLOAT32);
  }

  /** Validates the values; messages name the configuration key. */
  public ModelSpec {
    freeze = List.copyOf(freeze);
    if (initDir == null || initDir.isBlank()) {
      throw new IllegalArgumentException("model must name a checkpoint directory (--model)");
    }
    if (computeDtype != DataType.FLOAT32 && computeDtype != DataType.FLOAT16) {
      throw new IllegalArgumentException("compute dtype must be float32 or float16 (got " + computeDtype + ")");
    }
    if (!(promptFps > 0)) {
      throw new IllegalArgumentException("prompt_fps must be > 0 (got " + promptFps + ")");
    }
  }

  /**
   * Reads {@code lora_*}, {@code freeze}, {@code prompt_style}, {@code prompt_fps} and {@code compute_dtype} from a
   * job's block.
   */
  public static ModelSpec from(Config k, String job, String initDir) {
    LoraConfig lora = null;
    if (k.getBoolean("lora")) {
      int r = k.getInt("lora_r");
      if (r < 1) {
        throw new IllegalArgumentException(job + ".lora_r must be >= 1 (got " + r + ")");
      }
      double dropout = k.getDouble("lora_dropout");
      if (dropout < 0 || dropout >= 1) {
        throw new IllegalArgumentException(job + ".lora_dropout must be in [0, 1) (got " + dropout + ")");
      }
      lora = LoraConfig.languageModel(r, k.getDouble("lora_alpha"), dropout);
    }
    List<String> freeze = Arrays.stream(k.getString("freeze").split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).toList();
    return new ModelSpec(initDir, lora, freeze, PromptStyle.parse(k.getString("prompt_style"), job + ".prompt_style"),
        k.getDouble("prompt_fps"), ComputeDtype.parse(k.getString("compute_dtype"), job + ".compute_dtype"));
  }

  /** A copy starting from another checkpoint. */
  public ModelSpec withInitDir(String dir) {
    return new ModelSpec(dir, lora, freeze, promptStyle, promptFps, computeDtype);
  }

  /** A short description for logs and run.json. */
  public String describe() {
    return (lora == null ? "full weights" + (freeze.isEmpty() ? "" : " (frozen: " + String.join(",", freeze) + ")")
        : "LoRA r=" + lora.r() + " alpha=" + lora.alpha()) + ", prompt " + promptStyle.name().toLowerCase(Locale.ROOT)
        + (computeDtype == DataType.FLOAT16 ? ", fp16 executors" : "");
  }
}
