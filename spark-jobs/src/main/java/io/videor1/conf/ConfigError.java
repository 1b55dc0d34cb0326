package io.videor1.conf;

/** A configuration value that is unknown, of the wrong type or out of range; the message names the key. */
public final class ConfigError extends RuntimeException {
  public ConfigError(String message) {
    super(message);
  }
}
