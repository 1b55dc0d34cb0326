package io.videor1.app;

import com.typesafe.config.Config;

/**
 * The resolved configuration of {@code videor1 inspect}.
 *
 * @param model the checkpoint folder, any Hadoop path
 * @param json one JSON object instead of text
 */
record InspectConfig(String model, boolean json) {
  InspectConfig {
    if (model.isBlank()) {
      throw new IllegalArgumentException("inspect.model must be a checkpoint folder (--model)");
    }
  }

  static InspectConfig from(Config c) {
    Config k = c.getConfig("inspect");
    return new InspectConfig(k.getString("model"), k.getBoolean("json"));
  }
}
