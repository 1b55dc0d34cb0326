package io.videor1.curate;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a lease holder's process id means something, and whether that process is still there.
 *
 * <p>A pid names a process only within one kernel and one PID namespace: two containers on one machine can share a
 * host name, and two machines can reuse a pid. So a lease records, besides host and pid, the pid's scope (the
 * kernel's boot id and the PID namespace, on Linux) and the process's start time. A contender in the same scope can
 * then tell at once that the holder is gone: its pid runs nothing, or runs a process that started at another time
 * (the pid was reused). Anywhere else only the heartbeat's age can tell, as before.
 */
final class HolderProcess {
  /** What a contender can say of a lease's holder process. */
  enum Verdict {
    /** The holder runs in this scope and is alive (maybe paused): its lease stands. */
    ALIVE,
    /** The holder ran in this scope and is gone: the lease can be taken over now. */
    GONE,
    /** Another machine, container or an old lease without the fields: only the heartbeat tells. */
    ELSEWHERE
  }

  /** The verdict and, for {@link Verdict#GONE}, why ("pid 123 is not running"). */
  record Judgement(Verdict verdict, String why) {}

  private static final String HOST = hostName();
  private static final String SCOPE = readScope();

  private HolderProcess() {}

  /** This machine's host name, as leases record it. */
  static String host() {
    return HOST;
  }

  /**
   * The scope this process's pid lives in: "boot id/PID namespace" on Linux, "" where neither can be read (pids are
   * then compared on the host name alone, which is right where there are no PID namespaces).
   */
  static String scope() {
    return SCOPE;
  }

  private static String readScope() {
    try {
      String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
      String ns = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
      return boot + "/" + ns;
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** When this process started, as the OS reports it (null when it cannot say). */
  static Instant selfStart() {
    return ProcessHandle.current().info().startInstant().orElse(null);
  }

  /** Judges the holder of {@code lease} from this process's host and scope. */
  static Judgement judge(LeaseInfo lease) {
    return judge(lease, HOST, SCOPE, pid -> ProcessHandle.of(pid).map(h -> h.info().startInstant().orElse(null)));
  }

  /** What {@link #judge(LeaseInfo)} finds, given the host, scope and a process table. */
  interface ProcessTable {
    /** Empty when nothing runs as {@code pid}; else its start time (null when unknown). */
    Optional<Instant> startOf(long pid);
  }

  static Judgement judge(LeaseInfo lease, String host, String scope, ProcessTable table) {
    boolean sameScope = lease.host().equals(host) && lease.pidScope().equals(scope);
    if (!sameScope || lease.pid() <= 0) {
      return new Judgement(Verdict.ELSEWHERE, "");
    }
    Optional<Instant> running = table.startOf(lease.pid());
    if (running == null || running.isEmpty()) {
      return new Judgement(Verdict.GONE, "pid " + lease.pid() + " is not running on " + host);
    }
    Instant now = running.get();
    if (lease.pidStart() != null && now != null && !now.equals(lease.pidStart())) {
      return new Judgement(Verdict.GONE, "pid " + lease.pid() + " on " + host + " is another process now (started "
          + now + ", the holder started " + lease.pidStart() + ")");
    }
    return new Judgement(Verdict.ALIVE, "");
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String h = System.getenv("HOSTNAME");
      return h == null ? "unknown-host" : h;
    }
  }
}
