package io.videor1.model.logprob;

import ai.djl.nn.Parameter;
import io.videor1.model.block.Qwen25VlModel;
import io.videor1.model.nn.HfBlock;
import io.videor1.model.nn.Linear;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which parts of a model have parameters that require grad (LoRA adapters included), so that a pass runs backward
 * only where a gradient is wanted: nothing before the LM head when only the head trains, nothing below the lowest
 * trainable layer when the embeddings are frozen.
 *
 * @param embed the token embeddings or the vision tower train (the prompt's input depends on them)
 * @param lowestLayer the lowest decoder layer with a trainable parameter, or -1
 * @param norm the final norm trains
 */
record Trainability(boolean embed, int lowestLayer, boolean norm) {
  static final Trainability NONE = new Trainability(false, -1, false);

  static Trainability of(Qwen25VlModel model) {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, Parameter> e : model.parameters().entrySet()) {
      if (e.getValue().getArray().hasGradient()) {
        names.add(e.getKey());
      }
    }
    Map<String, HfBlock> modules = new LinkedHashMap<>();
    model.modules("", modules);
    modules.forEach((name, b) -> {
      if (b instanceof Linear lin && lin.lora() != null && (lin.lora().a().getArray().hasGradient()
          || lin.lora().b().getArray().hasGradient())) {
        names.add(name + ".lora");
      }
    });
    boolean embed = false;
    boolean norm = false;
    int lowest = -1;
    for (String n : names) {
      embed |= n.startsWith("model.embed_tokens.") || n.startsWith("visual.");
      norm |= n.startsWith("model.norm.");
      if (n.startsWith("model.layers.")) {
        int layer = Integer.parseInt(n.substring("model.layers.".length(), n.indexOf('.', "model.layers.".length())));
        lowest = lowest < 0 ? layer : Math.min(lowest, layer);
      }
    }
    return new Trainability(embed, lowest, norm);
  }

  boolean decoder() {
    return lowestLayer >= 0;
  }

  /** The prompt's keys and values depend on trainable parameters. */
  boolean upstream() {
    return embed || decoder();
  }

  /** Something in the prompt pass trains (its last hidden state included). */
  boolean prompt() {
    return upstream() || norm;
  }

  /** The first layer a backward by recomputation has to reach. */
  int firstLayer() {
    return embed ? 0 : lowestLayer;
  }
}
