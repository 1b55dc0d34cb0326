package io.videor1.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** spark-jobs' packages, one per stage of the data flow: none uses another in a ring, each says what it owns. */
class SparkJobsLayoutTest {
  private static final SourceLayout MAIN = SourceLayout.read(Path.of("src/main/java"));

  @Test
  void noPackageCycles() {
    assertEquals(List.of(), MAIN.cycles(), "packages that use each other in a ring");
  }

  @Test
  void everyPackageHasPackageInfo() {
    assertEquals(Set.of(), MAIN.withoutPackageInfo());
  }
}
