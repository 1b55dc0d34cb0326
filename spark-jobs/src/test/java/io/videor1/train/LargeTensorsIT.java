package io.videor1.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tensor over 2 GiB round-trips through every path that holds, moves or stores one ({@link LargeTensorRoundTrip}):
 * the paths Qwen2.5-VL-7B's {@code embed_tokens} and {@code lm_head} (545 M floats, 2.18 GB in fp32) take.
 *
 * <p>It runs in a JVM of its own with the heap it needs (the optimizer state's three copies, 6.4 GB; about 8 GB
 * resident at the peak, 45 s on a 2-core VM) while the test JVMs keep theirs, and only where the machine has the
 * memory: it is skipped, saying why, below 16 GB of available memory ({@code MemAvailable} of /proc/meminfo) or 12 GB
 * of free disk in the temporary directory.
 */
class LargeTensorsIT {
  static final long NEED_MEMORY = 16L << 30;
  static final long NEED_DISK = 12L << 30;

  @Test
  void aTensorOver2GiBRoundTripsThroughEveryPath(@TempDir Path dir) throws Exception {
    long available = memAvailable();
    assumeTrue(available >= NEED_MEMORY, "skipped: the >2 GiB round trip needs 16 GB of available memory, this "
        + "machine has " + available / (1 << 20) + " MB (MemAvailable)");
    long disk = Files.getFileStore(dir).getUsableSpace();
    assumeTrue(disk >= NEED_DISK, "skipped: the >2 GiB round trip writes up to 6.5 GB at once and needs 12 GB free "
        + "in " + dir + ", which has " + disk / (1 << 20) + " MB");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-") || a.startsWith("-D")) {
        cmd.add(a); // the engine's offline mode and cache directory
      }
    }
    // The heap holds three copies at most (7.5 GB). The parallel collector moves large arrays when it compacts (G1
    // never moves humongous ones, so three 2.15 GB arrays could find no contiguous room in a heap with space enough);
    // a small young generation leaves the old one, where arrays this large go, nearly the whole heap. Huge pages for
    // the heap and for libtorch's allocations (glibc's malloc, madvise mode): on this kind of VM first touching 4 KiB
    // pages costs about 3 s per GB, which huge pages cut several-fold (the run takes 45 s instead of 5 minutes).
    cmd.addAll(List.of("-Xmx7500m", "-Xmn128m", "-XX:+UseParallelGC", "-XX:+UseTransparentHugePages", "-cp",
        System.getProperty("java.class.path"), LargeTensorRoundTrip.class.getName(), dir.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1");
    Process p = pb.start();
    StringBuilder out = new StringBuilder();
    try (var in = p.getInputStream()) {
      byte[] b = new byte[8192];
      for (int n; (n = in.read(b)) > 0; ) {
        String s = new String(b, 0, n, StandardCharsets.UTF_8);
        System.out.print(s); // progress in the test's log as it happens
        out.append(s);
      }
    }
    assertEquals(0, p.waitFor(), out.toString());
    assertTrue(out.toString().contains("all paths round-tripped"), out.toString());
  }

  static long memAvailable() throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (l.startsWith("MemAvailable:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", "")) << 10;
      }
    }
    return 0;
  }
}
