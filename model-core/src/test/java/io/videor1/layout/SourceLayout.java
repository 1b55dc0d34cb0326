package io.videor1.layout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The packages of a source tree and which of them use which, read from the {@code .java} files: imports and
 * fully qualified names (in code or Javadoc) of the tree's own classes. The layout tests hold the house rules to it:
 * no cycles between packages and a {@code package-info.java} in each.
 */
public final class SourceLayout {
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+);", Pattern.MULTILINE);
  private static final Pattern QUALIFIED = Pattern.compile("\\b((?:[a-z]\\w*\\.)+[A-Z]\\w*)");

  /** Source files by path, with their package. */
  private final Map<Path, String> packageOf = new TreeMap<>();
  /** Package → the tree's packages it uses (not itself). */
  private final Map<String, Set<String>> uses = new TreeMap<>();

  private SourceLayout() {}

  /** Reads every {@code .java} file under {@code root} (a {@code src/main/java}). */
  public static SourceLayout read(Path root) {
    SourceLayout l = new SourceLayout();
    Map<Path, String> text = new HashMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String s = Files.readString(f);
        Matcher m = PACKAGE.matcher(s);
        if (!m.find()) {
          throw new IllegalStateException(f + ": no package declaration");
        }
        l.packageOf.put(f, m.group(1));
        text.put(f, s);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> classes = new HashMap<>();  // fully qualified class → package
    l.packageOf.forEach((f, pkg) -> {
      String name = f.getFileName().toString().replace(".java", "");
      if (!name.equals("package-info")) {
        classes.put(pkg + "." + name, pkg);
      }
    });
    l.packageOf.forEach((f, pkg) -> {
      Set<String> used = l.uses.computeIfAbsent(pkg, k -> new TreeSet<>());
      String s = text.get(f);
      for (Pattern p : List.of(IMPORT, QUALIFIED)) {
        Matcher m = p.matcher(s);
        while (m.find()) {
          String target = ownerPackage(m.group(1), classes);
          if (target != null && !target.equals(pkg)) {
            used.add(target);
          }
        }
      }
    });
    return l;
  }

  /** The tree's package that declares {@code name} (a class, a nested class or a static member), or null. */
  private static String ownerPackage(String name, Map<String, String> classes) {
    for (String n = name; n.contains("."); n = n.substring(0, n.lastIndexOf('.'))) {
      String pkg = classes.get(n);
      if (pkg != null) {
        return pkg;
      }
    }
    return null;
  }

  /** Package → the tree's packages it uses. */
  public Map<String, Set<String>> uses() {
    return uses;
  }

  /** Sets of two or more packages that use each other in a ring (Tarjan's strongly connected components). */
  public List<Set<String>> cycles() {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    Deque<String> stack = new ArrayDeque<>();
    List<Set<String>> out = new ArrayList<>();
    for (String v : uses.keySet()) {
      if (!index.containsKey(v)) {
        connect(v, index, low, stack, out);
      }
    }
    return out;
  }

  private void connect(String v, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
      List<Set<String>> out) {
    index.put(v, index.size());
    low.put(v, index.get(v));
    stack.push(v);
    for (String w : uses.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        connect(w, index, low, stack, out);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (stack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      Set<String> ring = new TreeSet<>();
      String w;
      do {
        w = stack.pop();
        ring.add(w);
      } while (!w.equals(v));
      if (ring.size() > 1) {
        out.add(ring);
      }
    }
  }

  /** Packages with no {@code package-info.java}. */
  public Set<String> withoutPackageInfo() {
    Set<String> missing = new TreeSet<>(packageOf.values());
    packageOf.forEach((f, pkg) -> {
      if (f.getFileName().toString().equals("package-info.java")) {
        missing.remove(pkg);
      }
    });
    return missing;
  }
}
