package io.videor1.curate;

/**
 * How a run waits for an output's lease.
 *
 * @param keyPrefix the configuration keys' prefix ({@code curate} or {@code compact}), named in messages
 * @param waitSeconds how long to wait for a live holder before giving up (exit 3); 0 gives up at once
 * @param staleSeconds a lease whose heartbeat is older than this belongs to a dead run and is taken over
 */
public record LockSettings(String keyPrefix, int waitSeconds, int staleSeconds) implements java.io.Serializable {
  public LockSettings {
    if (waitSeconds < 0) {
      throw new IllegalArgumentException(keyPrefix + ".lock_wait_s must be >= 0, got " + waitSeconds);
    }
    if (staleSeconds < 1) {
      throw new IllegalArgumentException(keyPrefix + ".lock_stale_s must be >= 1, got " + staleSeconds);
    }
  }

  /** Milliseconds between heartbeats: often enough that a live holder never looks stale, at most every 30 s. */
  long heartbeatMillis() {
    return Math.max(200, Math.min(30_000, staleSeconds * 1000L / 4));
  }
}
