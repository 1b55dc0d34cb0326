package io.videor1.curate;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A process that takes the lease of an output directory ({@code args[0]}), prints "held", and keeps it (heartbeat
 * running) until it is killed: the scheduled run that dies under {@link DeadHolderLeaseIT}.
 */
public final class LeaseHolderMain {
  private LeaseHolderMain() {}

  public static void main(String[] args) throws Exception {
    Path out = new Path(args[0]);
    FileSystem fs = out.getFileSystem(new Configuration());
    OutputLease lease = OutputLease.acquire(fs, out, "curate", "child-run", new LockSettings("curate", 0, 300), null);
    System.out.println("held " + lease);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
