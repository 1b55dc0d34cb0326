package io.videor1.model.lora;

import ai.djl.nn.Parameter;
import io.videor1.model.block.Qwen25VlModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses which parameters get gradients: everything except frozen modules, or only LoRA adapters.
 *
 * <p>Freeze patterns are module-name prefixes in HF naming ({@code visual} freezes the vision tower,
 * {@code visual.merger} only the merger, {@code model.embed_tokens} the embeddings). Frozen parameters have
 * {@code requires_grad} off, so autograd neither stores activations for them nor computes their gradients.
 */
public final class Trainable {
  private Trainable() {}

  /**
   * Marks the trainable parameters and returns them by name.
   *
   * @param lora when not null, only its parameters train and the whole base model is frozen
   * @param freeze module-name prefixes to freeze (ignored with LoRA)
   */
  public static Map<String, Parameter> apply(Qwen25VlModel model, LoraAdapter lora, List<String> freeze) {
    Map<String, Parameter> trainable = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
      boolean train = lora == null && !frozen(e.getKey(), freeze);
      e.getValue().getArray().setRequiresGradient(train);
      if (train) {
        trainable.put(e.getKey(), e.getValue());
      }
    }
    if (lora != null) {
      lora.parameters().forEach((n, p) -> {
        p.getArray().setRequiresGradient(true);
        trainable.put(n, p);
      });
    }
    return trainable;
  }

  /** Turns gradients off everywhere (a frozen reference model). */
  public static void freezeAll(Qwen25VlModel model) {
    model.parameters().values().forEach(p -> p.getArray().setRequiresGradient(false));
  }

  /**
   * The names that {@link #apply} with full weights would mark trainable, in the model's order, read from a model
   * that need not hold arrays (one constructed for its shapes).
   */
  public static List<String> fullWeightNames(Qwen25VlModel model, List<String> freeze) {
    List<String> names = new java.util.ArrayList<>();
    for (String n : model.parameters().keySet()) {
      if (!frozen(n, freeze)) {
        names.add(n);
      }
    }
    return names;
  }

  static boolean frozen(String name, List<String> freeze) {
    for (String f : freeze) {
      if (name.equals(f) || name.startsWith(f + ".")) {
        return true;
      }
    }
    return false;
  }
}
