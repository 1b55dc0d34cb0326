package io.videor1.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates {@code ../shared/testdata}; tests that need it are skipped, with a message, where it is absent. */
public final class SharedData {
  private SharedData() {}

  /** The testdata directory, or a skipped test. */
  public static Path testdata() {
    String dir = System.getProperty("videor1.shared.dir", "../shared");
    Path p = Paths.get(dir, "testdata").toAbsolutePath().normalize();
    if (!Files.isDirectory(p)) {
      p = Paths.get("..", "..", "shared", "testdata").toAbsolutePath().normalize();
    }
    assumeTrue(Files.isDirectory(p), "../shared/testdata not found (looked in " + p + "): test skipped");
    return p;
  }
}
