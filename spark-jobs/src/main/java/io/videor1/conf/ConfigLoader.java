package io.videor1.conf;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Loads one job's configuration: defaults, then a preset, then {@code --set} overrides.
 *
 * <p>The defaults come from {@code <videor1.conf.dir>/<job>.conf} when that system property names a directory (the
 * launcher points it at the checkout's {@code conf/}), otherwise from the copy inside the application jar. The keys of
 * the defaults are the only keys there are: anything else is a typo and is rejected with the list of known keys.
 * HOCON was chosen over properties because it carries a comment above each key, nests presets, and still reads like
 * {@code key = value}.
 */
public final class ConfigLoader {
  private static final String PRESETS = "presets";

  private ConfigLoader() {}

  /**
   * Resolves the configuration of {@code job} and maps it to its record.
   *
   * @param job the job name, e.g. "curate" (file {@code curate.conf}, keys under {@code curate.})
   * @param overrides {@code key=value} strings in the order given
   * @param toRecord maps the resolved config to the job's record; its validation errors become ConfigErrors
   */
  public static <T> T load(String job, List<String> overrides, Function<Config, T> toRecord) {
    Config defaults = defaults(job);
    Set<String> known = knownKeys(defaults);
    Config sets = ConfigFactory.empty();
    for (String kv : overrides) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new ConfigError("--set expects key=value, got '" + kv + "'");
      }
      String key = kv.substring(0, eq).trim();
      if (!known.contains(key)) {
        throw new ConfigError("unknown configuration key '" + key + "'; known keys: " + String.join(", ", known));
      }
      sets = sets.withValue(key, ConfigValueFactory.fromAnyRef(kv.substring(eq + 1).trim()));
    }
    String presetKey = job + ".preset";
    Config resolved = sets;
    if (known.contains(presetKey)) {
      String preset = sets.withFallback(defaults).getString(presetKey);
      Config presets = defaults.hasPath(PRESETS) ? defaults.getConfig(PRESETS) : ConfigFactory.empty();
      // A preset is a name, not a path expression: hasPath would throw on "a[" or "a..b" instead of naming the key.
      if (!(presets.root().get(preset) instanceof ConfigObject chosen)) {
        throw new ConfigError(
            "unknown preset '" + preset + "' for " + presetKey + "; allowed: " + String.join(", ", presets.root().keySet()));
      }
      resolved = resolved.withFallback(chosen.toConfig());
    }
    resolved = resolved.withFallback(defaults.withoutPath(PRESETS)).resolve();
    try {
      return toRecord.apply(resolved);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw new ConfigError(e.getMessage().replaceFirst("^[^:]*: ", ""));
    } catch (IllegalArgumentException e) {
      throw new ConfigError(e.getMessage());
    }
  }

  /** The job's defaults, with the presets block. */
  public static Config defaults(String job) {
    String dir = System.getProperty("videor1.conf.dir");
    ConfigParseOptions strict = ConfigParseOptions.defaults().setAllowMissing(false);
    if (dir != null && !dir.isBlank() && new File(dir, job + ".conf").isFile()) {
      return ConfigFactory.parseFile(new File(dir, job + ".conf"), strict);
    }
    return ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "conf/" + job + ".conf", strict);
  }

  private static Set<String> knownKeys(Config defaults) {
    Set<String> keys = new TreeSet<>();
    for (Map.Entry<String, ?> e : defaults.withoutPath(PRESETS).entrySet()) {
      keys.add(e.getKey());
    }
    return keys;
  }
}
