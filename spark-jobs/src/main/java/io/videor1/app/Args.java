package io.videor1.app;

import java.util.List;

/** Turns command-line options into {@code key=value} overrides. */
final class Args {
  private Args() {}

  static void add(List<String> overrides, String key, Object value) {
    if (value != null) {
      overrides.add(key + "=" + value);
    }
  }
}
