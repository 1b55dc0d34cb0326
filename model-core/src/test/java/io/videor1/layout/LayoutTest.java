package io.videor1.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * model-core's house rules (style-anchors.md): no package cycles, every package says what it owns. (No Spark is kept by
 * the pom: model-core has no Spark or Hadoop dependency, so such an import does not compile.)
 */
class LayoutTest {
  private static final Path MAIN = Path.of("src/main/java");

  @Test
  void findsARingOfPackagesAndNothingWhenItIsBroken(@TempDir Path dir) throws IOException {
    write(dir, "a/A.java", "package a;\nimport b.B;\nclass A { B b; }\n");
    write(dir, "b/B.java", "package b;\n/** Uses {@link c.C}. */\nclass B {}\n");
    write(dir, "c/C.java", "package c;\nclass C { a.A a; }\n");
    write(dir, "c/package-info.java", "package c;\n");
    SourceLayout ring = SourceLayout.read(dir);
    assertEquals(List.of(Set.of("a", "b", "c")), ring.cycles());
    assertEquals(Set.of("a", "b"), ring.withoutPackageInfo());

    write(dir, "c/C.java", "package c;\nclass C { java.util.List<String> names; }\n");
    assertEquals(List.of(), SourceLayout.read(dir).cycles());
  }

  @Test
  void noPackageCycles() {
    assertEquals(List.of(), SourceLayout.read(MAIN).cycles(), "packages that use each other in a ring");
  }

  @Test
  void everyPackageHasPackageInfo() {
    assertEquals(Set.of(), SourceLayout.read(MAIN).withoutPackageInfo());
  }

  private static void write(Path dir, String file, String text) throws IOException {
    Path p = dir.resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }
}
