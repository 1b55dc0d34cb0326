package io.videor1.exec;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Memory of this process and machine in one line, for the message of a task that ran out of it: the JVM heap, the
 * process's resident memory (heap plus the engine's native arrays), the machine's available memory and, on a GPU,
 * the device's memory in use.
 */
final class MemoryReport {
  private MemoryReport() {}

  /** The line, for a task computing on {@code device}. */
  static String now(Device device) {
    Runtime r = Runtime.getRuntime();
    StringBuilder b = new StringBuilder("JVM heap ").append(gb(r.totalMemory() - r.freeMemory())).append(" used of ")
        .append(gb(r.maxMemory()));
    long rss = kb(Path.of("/proc/self/status"), "VmRSS:");
    if (rss > 0) {
      b.append(", process resident ").append(gb(rss));
    }
    long available = kb(Path.of("/proc/meminfo"), "MemAvailable:");
    long total = kb(Path.of("/proc/meminfo"), "MemTotal:");
    if (available > 0 && total > 0) {
      b.append(", machine ").append(gb(available)).append(" available of ").append(gb(total));
    }
    if (device != null && device.isGpu()) {
      try {
        MemoryUsage u = CudaUtils.getGpuMemory(device); // committed: total - free, device-wide
        b.append(", ").append(device).append(' ').append(gb(u.getCommitted())).append(" in use of ")
            .append(gb(u.getMax()));
      } catch (RuntimeException | LinkageError e) {
        b.append(", ").append(device).append(" memory unknown (").append(e.getClass().getSimpleName()).append(')');
      }
    }
    return b.toString();
  }

  /** A "Key: N kB" line of a /proc file in bytes, or -1. */
  private static long kb(Path file, String key) {
    try {
      for (String l : Files.readAllLines(file)) {
        if (l.startsWith(key)) {
          return Long.parseLong(l.substring(key.length()).replace("kB", "").strip()) << 10;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: the line goes without it
    }
    return -1;
  }

  private static String gb(long bytes) {
    return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
  }
}
