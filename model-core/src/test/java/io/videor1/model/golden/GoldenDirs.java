package io.videor1.model.golden;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the golden fixtures live: {@code ../shared/testdata/golden/<name>} (surefire sets {@code videor1.shared.dir}),
 * or the directory named by {@code videor1.golden.dir} for the multi-case layout.
 *
 * <p>Only a missing {@code ../shared} skips: once the shared data is there, a missing or partial fixture directory is
 * a failure, so a broken checkout cannot turn the parity tests green by skipping them.
 */
public final class GoldenDirs {
  /** The system property that points the multi-case golden test at another directory. */
  public static final String PROPERTY = "videor1.golden.dir";

  private GoldenDirs() {}

  /** {@code ../shared/testdata/golden/<name>}; skips the calling test when {@code ../shared} is absent. */
  public static Path shared(String name) {
    Path shared = Path.of(System.getProperty("videor1.shared.dir", "../shared"));
    assumeTrue(Files.isDirectory(shared), "../shared not found (" + shared.toAbsolutePath().normalize()
        + "): the golden fixtures " + shared.resolve("testdata/golden").resolve(name) + " are not available");
    return require(shared.resolve("testdata/golden").resolve(name));
  }

  /** The directory of {@code -Dvideor1.golden.dir}, else {@link #shared(String) shared("qwen25vl-cases")}. */
  public static Path cases() {
    String dir = System.getProperty(PROPERTY, "");
    return dir.isBlank() ? shared("qwen25vl-cases") : require(Path.of(dir));
  }

  private static Path require(Path dir) {
    for (String f : new String[] {"config.json", "fixtures.json", "fixtures.safetensors"}) {
      assertTrue(Files.isRegularFile(dir.resolve(f)), "golden directory " + dir.toAbsolutePath() + " has no " + f);
    }
    return dir;
  }
}
