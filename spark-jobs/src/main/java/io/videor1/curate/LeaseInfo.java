package io.videor1.curate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The content of an output's lease file {@code OUT/_lock}: who holds it and when it last proved it is alive.
 *
 * @param owner the holder's run id (its batch id), unique per run: ownership is compared on this alone
 * @param command the command holding it (curate or compact), for the message a waiting run prints
 * @param host machine the holder runs on
 * @param pid process id of the holder's driver
 * @param start when it took the lease
 * @param heartbeat when it last renewed the lease; older than the stale limit means the holder is dead
 * @param pidScope where {@code pid} names the holder: kernel boot id and PID namespace ("" when unknown; {@link
 *     HolderProcess})
 * @param pidStart when the holder's process started, as the OS reports it (null when unknown), so that a reused pid
 *     is not mistaken for the holder
 */
public record LeaseInfo(String owner, String command, String host, long pid, Instant start, Instant heartbeat,
    String pidScope, Instant pidStart) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** This process's lease for run {@code owner} of {@code command}, taken {@code now}. */
  static LeaseInfo mine(String owner, String command, Instant now) {
    return new LeaseInfo(owner, command, HolderProcess.host(), ProcessHandle.current().pid(), now, now,
        HolderProcess.scope(), HolderProcess.selfStart());
  }

  LeaseInfo beat(Instant now) {
    return new LeaseInfo(owner, command, host, pid, start, now, pidScope, pidStart);
  }

  String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("owner", owner);
    n.put("command", command);
    n.put("host", host);
    n.put("pid", pid);
    n.put("start", start.toString());
    n.put("heartbeat", heartbeat.toString());
    n.put("pid_scope", pidScope);
    if (pidStart != null) {
      n.put("pid_start", pidStart.toString());
    }
    return n.toPrettyString() + "\n";
  }

  /**
   * Parses a lease file. A file that cannot be parsed is being written right now (HDFS shows a file while its creator
   * still writes it) or was damaged: it counts as held, by an unknown owner, last alive at the file's {@code mtime}.
   * A lease written before {@code pid_scope} existed has an empty scope: only its heartbeat can tell it is dead.
   */
  static LeaseInfo parse(String text, Instant mtime) {
    try {
      JsonNode n = JSON.readTree(text);
      return new LeaseInfo(n.get("owner").asText(), n.get("command").asText(), n.get("host").asText(),
          n.get("pid").asLong(), Instant.parse(n.get("start").asText()), Instant.parse(n.get("heartbeat").asText()),
          n.path("pid_scope").asText(""), n.hasNonNull("pid_start") ? Instant.parse(n.get("pid_start").asText()) : null);
    } catch (IOException | RuntimeException e) {
      return new LeaseInfo("unknown", "unknown", "unknown", -1, mtime, mtime, "", null);
    }
  }

  /** "curate run ID (pid 123 on host, started ..., last heartbeat 4 s ago)". */
  String describe(Instant now) {
    long age = Math.max(0, Duration.between(heartbeat, now).toSeconds());
    return command + " run " + owner + " (pid " + pid + " on " + host + ", started " + start + ", last heartbeat " + age
        + " s ago)";
  }
}
