package io.videor1.curate;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * Prints "rows done of total, rows/s, ETA" every few seconds while a job runs, from a counter that Spark accumulators
 * update as tasks finish.
 */
public final class Progress implements AutoCloseable {
  private final Thread thread;
  private final String label;
  private final long total;
  private final LongSupplier done;
  private final PrintStream out;
  private final long start = System.nanoTime();
  private volatile boolean stop;

  public Progress(String label, long total, LongSupplier done, int intervalSeconds, PrintStream out) {
    this.label = label;
    this.total = total;
    this.done = done;
    this.out = intervalSeconds > 0 ? out : null;
    thread =
        new Thread(
            () -> {
              while (!stop) {
                try {
                  Thread.sleep(intervalSeconds * 1000L);
                } catch (InterruptedException e) {
                  return;
                }
                if (!stop) {
                  out.println(line(label, done.getAsLong(), total, (System.nanoTime() - start) / 1e9));
                }
              }
            },
            "videor1-progress");
    thread.setDaemon(true);
    if (intervalSeconds > 0 && out != null) {
      thread.start();
    }
  }

  static String line(String label, long done, long total, double seconds) {
    double rate = seconds > 0 ? done / seconds : 0;
    String eta = rate > 0 ? String.format("%.0fs", (total - done) / rate) : "?";
    double pct = total > 0 ? 100.0 * done / total : 100.0;
    return String.format("%s: %d/%d rows (%.1f%%), %.1f rows/s, ETA %s", label, done, total, pct, rate, eta);
  }

  /** Stops the thread and prints the closing line. */
  @Override
  public void close() {
    stop = true;
    thread.interrupt();
    if (out != null) {
      out.println(line(label, done.getAsLong(), total, (System.nanoTime() - start) / 1e9));
    }
  }
}
