package io.videor1.reward;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/testdata through the {@code videor1.shared.dir} system property that surefire sets. */
final class SharedTestData {
  private SharedTestData() {}

  /** The path of {@code relative} under shared/testdata; skips the calling test when it is absent. */
  static Path require(String relative) {
    String dir = System.getProperty("videor1.shared.dir", "../shared");
    Path file = Path.of(dir, "testdata").resolve(relative);
    assumeTrue(Files.isRegularFile(file), "../shared/testdata not found: " + file.toAbsolutePath());
    return file;
  }
}
