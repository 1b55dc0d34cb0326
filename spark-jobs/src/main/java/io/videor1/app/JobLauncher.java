package io.videor1.app;

import com.typesafe.config.Config;
import io.videor1.conf.ConfigLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * What every command repeats: its options turned into configuration overrides and loaded (so a bad value fails before
 * Spark starts), then the job run in a Spark session that is stopped however the job ends.
 */
final class JobLauncher {
  private JobLauncher() {}

  /** A job's body, given the started session; returns the exit code. */
  @FunctionalInterface
  interface SparkBody {
    int run(SparkSession spark) throws Exception;
  }

  /** An empty list of overrides. */
  static Overrides overrides() {
    return new Overrides();
  }

  /** Starts the session {@code appName}, runs {@code body} and stops the session, also when the body throws. */
  static int withSpark(String appName, SparkBody body) throws Exception {
    SparkSession spark = SparkSessions.start(appName);
    try {
      return body.run(spark);
    } finally {
      spark.stop();
    }
  }

  /** {@code key=value} overrides in the order given: the command's own options first, then its {@code --set}s. */
  static final class Overrides {
    private final List<String> list = new ArrayList<>();

    private Overrides() {}

    /** Adds {@code key=value} when the option was given (not null). */
    Overrides put(String key, Object value) {
      if (value != null) {
        list.add(key + "=" + value);
      }
      return this;
    }

    /** Adds {@code key=true} when the flag is on; an absent flag leaves the configured value. */
    Overrides flag(String key, boolean on) {
      if (on) {
        list.add(key + "=true");
      }
      return this;
    }

    /** Adds the {@code --set key=value} strings as given, after the options, so they win. */
    Overrides sets(List<String> sets) {
      list.addAll(sets);
      return this;
    }

    /** Resolves {@code job}'s configuration with these overrides; a bad key or value is a ConfigError. */
    <T> T load(String job, Function<Config, T> toRecord) {
      return ConfigLoader.load(job, list, toRecord);
    }
  }
}
