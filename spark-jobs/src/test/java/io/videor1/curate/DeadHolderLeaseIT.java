package io.videor1.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lease held by a child process on this host: refused while the child lives (also while it is paused with SIGSTOP),
 * taken over at once, with the default 300 s stale limit, after the child is killed with SIGKILL.
 */
class DeadHolderLeaseIT {
  private static final LockSettings DEFAULTS = new LockSettings("curate", 0, 300);

  @TempDir Path dir;

  @Test
  void aKilledHolderOnThisHostIsTakenOverAtOnceAndALiveOneIsNot() throws Exception {
    Path out = dir.resolve("out");
    Process child = startHolder(out);
    try {
      awaitHeld(child);
      FileSystem fs = FileSystem.getLocal(new Configuration());
      org.apache.hadoop.fs.Path outPath = new org.apache.hadoop.fs.Path(out.toUri());
      LockHeldException alive = assertThrows(LockHeldException.class,
          () -> OutputLease.acquire(fs, outPath, "curate", "second-run", DEFAULTS, null));
      assertTrue(alive.getMessage().contains("(pid " + child.pid() + " on "), alive.getMessage());

      signal(child, "STOP"); // paused, not dead: the lease stands
      try {
        assertThrows(LockHeldException.class,
            () -> OutputLease.acquire(fs, outPath, "curate", "third-run", DEFAULTS, null));
      } finally {
        signal(child, "CONT");
      }

      child.destroyForcibly(); // SIGKILL: no shutdown hook releases the lease
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
      LeaseInfo dead = LeaseInfo.parse(Files.readString(out.resolve("_lock")), Instant.now());
      assertEquals("child-run", dead.owner(), "the killed child's lease is still on disk");
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      long t0 = System.nanoTime();
      try (OutputLease mine = OutputLease.acquire(fs, outPath, "curate", "fourth-run", DEFAULTS,
          new PrintStream(log, true, StandardCharsets.UTF_8))) {
        assertEquals("child-run", mine.takenOverFrom().owner());
        // far inside the 300 s stale limit: the takeover did not wait for the heartbeat to age
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(60));
      }
      String line = log.toString(StandardCharsets.UTF_8);
      assertTrue(line.contains("took over the lease of a dead run of curate run child-run")
          && line.contains("pid " + child.pid() + " is not running"), line);
      assertFalse(Files.exists(out.resolve("_lock")), "released on close");
    } finally {
      child.destroyForcibly();
    }
  }

  private static Process startHolder(Path out) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-") || a.startsWith("-D")) {
        cmd.add(a);
      }
    }
    cmd.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), LeaseHolderMain.class.getName(),
        out.toUri().toString()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  private static void awaitHeld(Process child) throws Exception {
    StringBuilder seen = new StringBuilder();
    var in = child.getInputStream();
    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!seen.toString().contains("held ") && System.nanoTime() < end) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("the holder exited: " + seen);
      }
      seen.append((char) b);
    }
    assertTrue(seen.toString().contains("held "), seen.toString());
    Thread drain = new Thread(() -> {
      try {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      } catch (java.io.IOException e) {
        // the child was killed
      }
    });
    drain.setDaemon(true);
    drain.start();
  }

  private static void signal(Process p, String sig) throws Exception {
    assertEquals(0, new ProcessBuilder("kill", "-" + sig, String.valueOf(p.pid())).start().waitFor());
  }
}
