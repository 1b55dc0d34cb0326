package io.videor1.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.conf.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Small generated datasets shared by the tests of one JVM (generation takes seconds), deleted at exit.
 */
final class SynthRuns {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, SynthSummary> RUNS = new HashMap<>();
  private static Path root;

  private SynthRuns() {}

  /** The configuration from conf/synth.conf with these overrides. */
  static SynthConfig config(String... sets) {
    return ConfigLoader.load("synth", Arrays.asList(sets), SynthConfig::from);
  }

  /** A run at default settings except size: 150 train, 50 test, seed 7 (covers every family). */
  static Path standard() {
    return run("standard", "synth.train=150", "synth.test=50", "synth.seed=7");
  }

  /** A run with these overrides, generated once per JVM. */
  static synchronized Path run(String name, String... sets) {
    try {
      Path dir = root().resolve(name);
      if (!RUNS.containsKey(name)) {
        List<String> all = new ArrayList<>(List.of("synth.out=" + dir));
        all.addAll(Arrays.asList(sets));
        RUNS.put(name, SynthJob.run(config(all.toArray(new String[0])), null));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An empty directory of its own. */
  static Path scratch(String name) throws IOException {
    return Files.createDirectories(root().resolve("scratch").resolve(name));
  }

  private static synchronized Path root() throws IOException {
    if (root == null) {
      root = Files.createTempDirectory("videor1-synth-tests");
      Runtime.getRuntime().addShutdownHook(new Thread(SynthRuns::deleteRoot));
    }
    return root;
  }

  static List<JsonNode> array(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    JSON.readTree(file.toFile()).forEach(out::add);
    return out;
  }

  static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(file)) {
      out.add(JSON.readTree(l));
    }
    return out;
  }

  private static void deleteRoot() {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }
}
