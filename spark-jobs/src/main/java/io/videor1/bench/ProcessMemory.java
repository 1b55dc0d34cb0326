package io.videor1.bench;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's memory as {@code bench memory} reads it around a phase: resident bytes (Linux {@code VmRSS}), the
 * peak since the last {@link #settle()} ({@code VmHWM}, reset through {@code /proc/self/clear_refs}) and the JVM heap
 * in use.
 *
 * <p>Why settle: the engine's arrays are malloc'd, and glibc keeps freed memory resident for reuse, so a phase after
 * another would reuse the first one's pages and show no growth. {@link #settle()} collects the heap, hands glibc's
 * free pages back ({@code malloc_trim(0)}) and resets the peak, so the growth a phase shows is what it holds.
 */
final class ProcessMemory {
  /** glibc's allocator, or null where there is none (the peaks then read high after a larger phase). */
  private static final CLib LIBC = libc();

  private ProcessMemory() {}

  /** The C library call used. */
  interface CLib extends Library {
    int malloc_trim(long pad);
  }

  /** Collects, trims and resets the peak; returns the resident bytes after. */
  static long settle() {
    System.gc();
    if (LIBC != null) {
      LIBC.malloc_trim(0);
    }
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException e) {
      throw new IllegalStateException("bench memory needs Linux's /proc/self/clear_refs to reset the peak", e);
    }
    return resident();
  }

  /** Resident bytes now. */
  static long resident() {
    return status("VmRSS");
  }

  /** The peak resident bytes since the last {@link #settle()}. */
  static long peak() {
    return status("VmHWM");
  }

  /** Heap bytes in use after a collection. */
  static long heapUsed() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Heap bytes the JVM has committed (resident once touched, kept after collections). */
  static long heapCommitted() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
  }

  /** Whether freed native memory is handed back before each phase. */
  static boolean trims() {
    return LIBC != null;
  }

  private static long status(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("bench memory reads /proc/self/status (Linux)", e);
    }
    throw new IllegalStateException(key + " is not in /proc/self/status");
  }

  private static CLib libc() {
    try {
      return Native.load("c", CLib.class);
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      return null;
    }
  }
}
