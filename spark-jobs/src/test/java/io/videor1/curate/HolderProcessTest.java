package io.videor1.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Whether a lease's holder is known gone, on hand-made leases and process tables. */
class HolderProcessTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant STARTED = Instant.parse("2026-12-01T09:59:58.120Z");

  private static LeaseInfo lease(String host, String scope, long pid, Instant pidStart) {
    return new LeaseInfo("run-1", "curate", host, pid, T0, T0, scope, pidStart);
  }

  private static HolderProcess.Verdict judge(LeaseInfo l, HolderProcess.ProcessTable table) {
    return HolderProcess.judge(l, "node-a", "boot-1/pid:[4026531836]", table).verdict();
  }

  @Test
  void aHolderWhosePidRunsNothingHereIsGone() {
    HolderProcess.Judgement j = HolderProcess.judge(lease("node-a", "boot-1/pid:[4026531836]", 4242, STARTED),
        "node-a", "boot-1/pid:[4026531836]", pid -> Optional.empty());
    assertEquals(HolderProcess.Verdict.GONE, j.verdict());
    assertTrue(j.why().contains("pid 4242 is not running on node-a"), j.why());
  }

  @Test
  void aReusedPidIsNotTheHolder() {
    LeaseInfo l = lease("node-a", "boot-1/pid:[4026531836]", 4242, STARTED);
    assertEquals(HolderProcess.Verdict.GONE, judge(l, pid -> Optional.of(STARTED.plusSeconds(30))));
    assertEquals(HolderProcess.Verdict.ALIVE, judge(l, pid -> Optional.of(STARTED)));
  }

  @Test
  void aLiveHolderWithoutAStartTimeKeepsItsLease() {
    assertEquals(HolderProcess.Verdict.ALIVE,
        judge(lease("node-a", "boot-1/pid:[4026531836]", 4242, null), pid -> Optional.of(STARTED)));
  }

  @Test
  void elsewhereOnlyTheHeartbeatTells() {
    HolderProcess.ProcessTable none = pid -> Optional.empty();
    // another machine, another container of this machine (same host name, other PID namespace), another boot
    assertEquals(HolderProcess.Verdict.ELSEWHERE, judge(lease("node-b", "boot-1/pid:[4026531836]", 1, STARTED), none));
    assertEquals(HolderProcess.Verdict.ELSEWHERE, judge(lease("node-a", "boot-1/pid:[4026532001]", 1, STARTED), none));
    assertEquals(HolderProcess.Verdict.ELSEWHERE, judge(lease("node-a", "boot-2/pid:[4026531836]", 1, STARTED), none));
    // a lease written before leases recorded their scope, and one that could not be parsed
    assertEquals(HolderProcess.Verdict.ELSEWHERE, judge(lease("node-a", "", 1, null), none));
    assertEquals(HolderProcess.Verdict.ELSEWHERE, judge(LeaseInfo.parse("{\"owner\": \"x\"", T0), none));
  }

  @Test
  void theLeaseFileCarriesScopeAndStartAndOldFilesStillParse() {
    LeaseInfo l = lease("node-a", "boot-1/pid:[4026531836]", 4242, STARTED);
    assertEquals(l, LeaseInfo.parse(l.toJson(), T0));
    String old = "{\"owner\":\"r\",\"command\":\"curate\",\"host\":\"h\",\"pid\":7,\"start\":\"" + T0
        + "\",\"heartbeat\":\"" + T0 + "\"}";
    LeaseInfo parsed = LeaseInfo.parse(old, T0);
    assertEquals("r", parsed.owner());
    assertEquals("", parsed.pidScope());
    assertEquals(null, parsed.pidStart());
  }

  @Test
  void thisProcessIsAliveInItsOwnScope() {
    LeaseInfo me = LeaseInfo.mine("me", "curate", T0);
    assertEquals(HolderProcess.Verdict.ALIVE, HolderProcess.judge(me).verdict());
  }
}
