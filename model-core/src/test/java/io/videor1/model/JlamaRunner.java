package io.videor1.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs {@code src/test/jlama/JlamaHarness.java} under a Java 21+ runtime (jlama 0.8.4 is Java 20 bytecode and uses the
 * Vector API, while this build targets Java 17). The runtime is {@code $JLAMA_JAVA} or the newest JDK ≥ 21 under
 * {@code /usr/lib/jvm}; jlama runs on its pure-Java Panama backend, the one the probe found exact.
 */
public final class JlamaRunner {
  private JlamaRunner() {}

  /** A java executable of version 21 or newer, if one is installed. */
  public static Optional<Path> java() {
    String env = System.getenv("JLAMA_JAVA");
    if (env != null && Files.isExecutable(Paths.get(env))) {
      return Optional.of(Paths.get(env));
    }
    Path jvms = Paths.get("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> s = Files.list(jvms)) {
      return s.filter(p -> version(p) >= 21).max((a, b) -> Integer.compare(version(a), version(b)))
          .map(p -> p.resolve("bin/java")).filter(Files::isExecutable);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int version(Path jdk) {
    try {
      for (String line : Files.readAllLines(jdk.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring(14).replace("\"", "");
          return Integer.parseInt(v.split("[.+-]")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  /** The classpath holding jlama (surefire's test classpath, or this JVM's). */
  static String classpath() {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Stream.of(cp.split(java.io.File.pathSeparator)).filter(e -> e.endsWith(".jar"))
        .collect(Collectors.joining(java.io.File.pathSeparator));
  }

  /** True when the classpath has jlama-core and a new-enough JVM exists. */
  public static boolean available() {
    return java().isPresent() && classpath().contains("jlama-core") && Files.exists(harness());
  }

  private static Path harness() {
    for (Path p : List.of(Paths.get("src/test/jlama/JlamaHarness.java"),
        Paths.get("model-core/src/test/jlama/JlamaHarness.java"))) {
      if (Files.exists(p)) {
        return p.toAbsolutePath();
      }
    }
    return Paths.get("src/test/jlama/JlamaHarness.java");
  }

  static String run(List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(java().orElseThrow().toString(), "--add-modules",
        "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Djlama.force_panama_tensor_operations=true",
        "-cp", classpath(), harness().toString()));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException("jlama harness failed: " + out);
    }
    return out;
  }

  /** Raw logits [T][V] of {@code ids} from jlama. */
  public static float[][] logits(Path checkpoint, int[] ids, int vocab) throws IOException, InterruptedException {
    Path out = Files.createTempFile("jlama-logits", ".bin");
    try {
      String joined = java.util.Arrays.stream(ids).mapToObj(String::valueOf).collect(Collectors.joining(","));
      run(List.of("logits", checkpoint.toAbsolutePath().toString(), out.toString(), joined));
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
      float[][] l = new float[ids.length][vocab];
      for (float[] row : l) {
        b.asFloatBuffer().get(row);
        b.position(b.position() + vocab * 4);
      }
      return l;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** The harness's benchmark line (prefill and decode tokens/s, batch 1, greedy). */
  public static String bench(Path checkpoint, int prompt, int fresh, int reps)
      throws IOException, InterruptedException {
    String out = run(List.of("bench", checkpoint.toAbsolutePath().toString(), String.valueOf(prompt),
        String.valueOf(fresh), String.valueOf(reps)));
    return out.lines().filter(l -> l.startsWith("jlama ")).findFirst().orElse(out.strip());
  }
}
