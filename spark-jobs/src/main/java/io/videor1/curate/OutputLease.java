package io.videor1.curate;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The lease a run holds on its output directory ({@code OUT/_lock}) while it writes, so that two scheduled runs never
 * both write the same rows.
 *
 * <p>Taking it is an exclusive create ({@link LeaseFile}). While held, a daemon thread renews the heartbeat; a lease
 * whose heartbeat is older than the stale limit belongs to a run that died (killed, its machine lost) and is taken
 * over: moved aside (only one contender's move succeeds), then created anew. A holder that ran on this host, in this
 * PID namespace, and whose process is gone (killed with SIGKILL, its pid free or reused) is known dead at once and is
 * taken over without waiting for its heartbeat to age ({@link HolderProcess}). Because a holder that was only paused
 * could wake up after being taken over, the holder checks that the lease is still its own right before every commit
 * ({@link #verify}) and commits nothing once it is not.
 */
public final class OutputLease implements AutoCloseable {
  private final LeaseFile file;
  private final LockSettings settings;
  private final Thread heartbeat;
  private final Thread releaseOnExit;
  private final LeaseInfo takenOverFrom;
  private volatile LeaseInfo mine;
  private volatile String lost;

  private OutputLease(LeaseFile file, LockSettings settings, LeaseInfo mine, LeaseInfo takenOverFrom) {
    this.file = file;
    this.settings = settings;
    this.mine = mine;
    this.takenOverFrom = takenOverFrom;
    this.heartbeat = new Thread(this::beatLoop, "videor1-lease-heartbeat");
    heartbeat.setDaemon(true);
    heartbeat.start();
    // SIGTERM (a CronJob's deadline, Airflow killing the task) releases the lease at once; SIGKILL leaves it to go stale.
    this.releaseOnExit = new Thread(this::release, "videor1-lease-release");
    Runtime.getRuntime().addShutdownHook(releaseOnExit);
  }

  /** The lease file of an output directory. */
  public static Path lockPath(Path out) {
    return new Path(out, "_lock");
  }

  /**
   * Takes the lease on {@code out}, waiting for a live holder as {@code settings} allow.
   *
   * @param runId this run's id, unique (its batch id)
   * @param log where a take-over is reported (null for nowhere)
   * @throws LockHeldException when a live run still holds it after the wait
   */
  public static OutputLease acquire(FileSystem fs, Path out, String command, String runId, LockSettings settings,
      PrintStream log) throws IOException {
    fs.mkdirs(out);
    LeaseFile file = new LeaseFile(fs, lockPath(out));
    Instant now = Instant.now();
    LeaseInfo me = LeaseInfo.mine(runId, command, now);
    long deadline = System.nanoTime() + settings.waitSeconds() * 1_000_000_000L;
    boolean waiting = false;
    while (true) {
      now = Instant.now();
      me = me.beat(now);
      if (file.createIfAbsent(me.toJson(), runId)) {
        return new OutputLease(file, settings, me, null);
      }
      LeaseInfo held = file.read();
      if (held == null) {
        continue; // released between our create and our read: try again at once
      }
      HolderProcess.Judgement holder = HolderProcess.judge(held);
      boolean stale = Duration.between(held.heartbeat(), now).toSeconds() > settings.staleSeconds();
      if (holder.verdict() == HolderProcess.Verdict.GONE || stale) {
        if (takeOver(fs, out, file, held, runId)) {
          if (file.createIfAbsent(me.toJson(), runId)) {
            if (log != null) {
              log.println("lease: took over the " + (stale ? "stale lease" : "lease of a dead run") + " of "
                  + held.describe(now) + " on " + out + (stale ? "" : ": " + holder.why()) + "; its staging is "
                  + "cleared");
            }
            return new OutputLease(file, settings, me, held);
          }
        }
        continue;
      }
      long left = deadline - System.nanoTime();
      if (left > 0 && !waiting && log != null) {
        waiting = true;
        log.println("lease: " + out + " is held by " + held.describe(now) + "; waiting up to " + settings.waitSeconds()
            + " s (" + settings.keyPrefix() + ".lock_wait_s)");
      }
      if (left <= 0) {
        throw new LockHeldException(out + " is locked by " + held.describe(now) + "; gave up after "
            + settings.waitSeconds() + " s (" + settings.keyPrefix() + ".lock_wait_s); a lease is taken over once its "
            + "heartbeat is older than " + settings.staleSeconds() + " s (" + settings.keyPrefix() + ".lock_stale_s)");
      }
      sleep(Math.min(1000, left / 1_000_000 + 1));
    }
  }

  /**
   * Moves a stale lease aside. If what was moved is not the lease judged stale (another run took it over and created
   * a fresh one in between), it is put back where it was, and this run goes round again.
   */
  private static boolean takeOver(FileSystem fs, Path out, LeaseFile file, LeaseInfo stale, String runId)
      throws IOException {
    LeaseFile aside = new LeaseFile(fs, new Path(out, "._lock.stale." + runId));
    if (!file.moveTo(aside)) {
      return false;
    }
    LeaseInfo moved = aside.read();
    if (moved != null && !moved.owner().equals(stale.owner())) {
      file.createIfAbsent(moved.toJson(), runId + ".restore");
      aside.delete();
      return false;
    }
    aside.delete();
    return true;
  }

  /** The dead run whose lease this run took over, or null. */
  public LeaseInfo takenOverFrom() {
    return takenOverFrom;
  }

  /**
   * Renews the lease now and fails unless it is still this run's: called right before each commit, so a run that was
   * taken over (it looked dead) commits nothing.
   */
  public synchronized void verify() throws IOException {
    if (lost == null) {
      beat();
    }
    if (lost != null) {
      throw new IOException(lost);
    }
  }

  private synchronized void beat() throws IOException {
    if (lost != null) {
      return;
    }
    LeaseInfo now = file.read();
    if (now == null || !now.owner().equals(mine.owner())) {
      lost = "lost the lease on " + file.path().getParent() + " to "
          + (now == null ? "nobody (the lease file was removed)" : now.describe(Instant.now()))
          + "; nothing more is committed by run " + mine.owner();
      return;
    }
    mine = mine.beat(Instant.now());
    file.replace(mine.toJson(), mine.owner());
  }

  private void beatLoop() {
    while (lost == null) {
      sleep(settings.heartbeatMillis());
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
      try {
        beat();
      } catch (IOException e) {
        // A storage hiccup: the next beat tries again; verify() before a commit is the check that counts.
      }
    }
  }

  private synchronized void release() {
    heartbeat.interrupt();
    if (lost != null) {
      return;
    }
    try {
      LeaseInfo now = file.read();
      if (now != null && now.owner().equals(mine.owner())) {
        file.delete();
      }
    } catch (IOException e) {
      // The lease goes stale and the next run takes it over.
    }
    lost = "released";
  }

  @Override
  public void close() {
    release();
    try {
      Runtime.getRuntime().removeShutdownHook(releaseOnExit);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs release() again, which is harmless
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
