package io.videor1.train.run;

import java.util.LinkedHashMap;
import java.util.Map;

/** Seconds spent in each named stage of one training step, in the order the stages ran. */
public final class StepTimer {
  /** A stage's body. */
  @FunctionalInterface
  public interface Body<T> {
    T run() throws Exception;
  }

  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private final long start = System.nanoTime();

  /** Runs {@code body} as stage {@code name} and adds its wall time. */
  public <T> T time(String name, Body<T> body) throws Exception {
    long t0 = System.nanoTime();
    try {
      return body.run();
    } finally {
      add(name, (System.nanoTime() - t0) / 1e9);
    }
  }

  /** Adds seconds to a stage (for time measured elsewhere, e.g. inside executor tasks). */
  public void add(String name, double s) {
    seconds.merge(name, s, Double::sum);
  }

  /** Seconds by stage, with {@code total} = wall time since the timer started. */
  public Map<String, Double> seconds() {
    Map<String, Double> out = new LinkedHashMap<>();
    seconds.forEach((k, v) -> out.put(k, round(v)));
    out.put("total", round((System.nanoTime() - start) / 1e9));
    return out;
  }

  /** Wall seconds since the timer started. */
  public double elapsed() {
    return (System.nanoTime() - start) / 1e9;
  }

  static double round(double s) {
    return Math.round(s * 1e4) / 1e4;
  }
}
