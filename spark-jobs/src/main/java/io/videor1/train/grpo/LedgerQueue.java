package io.videor1.train.grpo;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a run's ledger steps in order on one background thread, so that the next step's broadcast and rollouts
 * start while Spark writes the previous step's rows (two small jobs and their file commits, about half a second a
 * step, which the driver would otherwise wait out with idle executors).
 *
 * <p>{@link #flush} waits for every queued step and rethrows the first failure, naming the step; the trainer flushes
 * before each checkpoint, so a checkpoint at step N still comes with the ledger of steps 1..N, and at the end of the
 * run. A kill mid-write leaves a staged step that {@link RolloutLedger#truncateAfter} removes on resume.
 */
final class LedgerQueue implements AutoCloseable {
  private record Pending(int step, Future<?> done) {}

  private final RolloutLedger ledger;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "videor1-ledger-writer");
    t.setDaemon(true);
    return t;
  });
  private final Deque<Pending> pending = new ArrayDeque<>();

  private LedgerQueue(RolloutLedger ledger) {
    this.ledger = ledger;
  }

  /** A queue for a run that starts (or resumes) at {@code firstStep}: steps an interrupted run wrote past it go. */
  static LedgerQueue from(RolloutLedger ledger, int firstStep) throws IOException {
    ledger.truncateAfter(firstStep - 1);
    return new LedgerQueue(ledger);
  }

  /** Queues the rows of {@code step}; a failure of an earlier step is thrown here at the latest. */
  void write(int step, List<LedgerRow> rows) throws IOException {
    reapFinished();
    pending.add(new Pending(step, thread.submit(() -> {
      ledger.writeStep(step, rows);
      return null;
    })));
  }

  /** Waits until every queued step is written. */
  void flush() throws IOException {
    while (!pending.isEmpty()) {
      await(pending.poll());
    }
  }

  private void reapFinished() throws IOException {
    while (!pending.isEmpty() && pending.peek().done().isDone()) {
      await(pending.poll());
    }
  }

  private static void await(Pending p) throws IOException {
    try {
      p.done().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing the ledger of step " + p.step(), e);
    } catch (ExecutionException e) {
      throw new IOException("writing the ledger of step " + p.step() + " failed: " + e.getCause().getMessage(),
          e.getCause());
    }
  }

  /** Flushes, then stops the thread (also when the flush fails). */
  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      thread.shutdown();
    }
  }
}
