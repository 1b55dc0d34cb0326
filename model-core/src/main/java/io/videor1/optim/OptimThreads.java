package io.videor1.optim;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The driver's optimizer loops on a few threads ({@code optim.threads}), with results that do not depend on how many.
 *
 * <p>Why: with full weights the driver reads and writes every parameter, gradient and moment once per update; on one
 * thread that is seconds per step at 1B parameters while executors wait. The loops are memory-bound, so a few threads
 * help and more do not ({@link #AUTO_CAP}).
 *
 * <p>Why the results stay exact: the work is cut into chunks of {@link #CHUNK} elements of one tensor, a cut that
 * depends only on the tensors' sizes. Elementwise loops (AdamW, scaling) compute each element with the same expression
 * whichever thread runs its chunk. Reductions keep one double partial per chunk and add the partials in chunk order
 * (tensor order, then position) on the calling thread. One thread runs the same chunks in the same order on the caller,
 * so a run, its resume and a run with another count agree bit for bit.
 */
public final class OptimThreads implements AutoCloseable {
  /**
   * Elements per chunk: 256 KiB of floats per array, so AdamW's four arrays of a chunk stay in a core's L2. It fixes
   * the norm's summation order: changing it moves grad_norm in the last bits, whatever the thread count.
   */
  public static final int CHUNK = 1 << 16;
  /** Threads that {@code optim.threads = 0} uses at most: two or three saturate a socket's memory bandwidth. */
  public static final int AUTO_CAP = 8;
  private static final int MAX = 1024;
  private static final OptimThreads SINGLE = new OptimThreads(1);

  private final int threads;
  /** threads - 1 helpers (the caller is the last worker); null with one thread. */
  private final ThreadPoolExecutor pool;

  /** The loop body over elements [from, to) of tensor {@code tensor}. */
  @FunctionalInterface
  public interface RangeBody {
    void run(int tensor, int from, int to);
  }

  /** A partial sum over elements [from, to) of tensor {@code tensor}. */
  @FunctionalInterface
  public interface RangeSum {
    double sum(int tensor, int from, int to);
  }

  /** Runs everything on the calling thread. */
  public static OptimThreads single() {
    return SINGLE;
  }

  /**
   * The thread count of the setting {@code optim.threads}: itself when positive, the driver's processors up to
   * {@link #AUTO_CAP} when 0.
   *
   * @throws IllegalArgumentException when negative or above 1024
   */
  public static int resolve(int setting) {
    if (setting < 0 || setting > MAX) {
      throw new IllegalArgumentException("optim.threads must be 0 (the driver's processors, at most " + AUTO_CAP
          + ") or 1 to " + MAX + " (got " + setting + ")");
    }
    return setting > 0 ? setting : Math.max(1, Math.min(AUTO_CAP, Runtime.getRuntime().availableProcessors()));
  }

  /** {@code threads} workers (1 to 1024), the calling thread being one of them. */
  public OptimThreads(int threads) {
    if (threads < 1 || threads > MAX) {
      throw new IllegalArgumentException("threads must be 1 to " + MAX + " (got " + threads + ")");
    }
    this.threads = threads;
    if (threads == 1) {
      this.pool = null;
    } else {
      AtomicInteger n = new AtomicInteger();
      // Daemon helpers that exit when idle: a driver that never closes this does not keep threads or the JVM alive.
      this.pool = new ThreadPoolExecutor(threads - 1, threads - 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
          r -> {
            Thread t = new Thread(r, "optim-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
      pool.allowCoreThreadTimeOut(true);
    }
  }

  public int threads() {
    return threads;
  }

  /** Runs {@code body} over every chunk of tensors of {@code sizes} elements, in parallel; returns when all ran. */
  public void forEachChunk(int[] sizes, RangeBody body) {
    Chunks c = new Chunks(sizes);
    run(c.count(), i -> body.run(c.tensor[i], c.from(i), c.to(i)));
  }

  /** The sum of {@code body}'s partials over every chunk, added in chunk order whatever the thread count. */
  public double sumChunks(int[] sizes, RangeSum body) {
    Chunks c = new Chunks(sizes);
    double[] partial = new double[c.count()];
    run(c.count(), i -> partial[i] = body.sum(c.tensor[i], c.from(i), c.to(i)));
    double sum = 0;
    for (double p : partial) {
      sum += p;
    }
    return sum;
  }

  /** Runs tasks 0..n-1, each once: helpers and the caller take the next index until none is left. */
  private void run(int n, IntConsumer task) {
    if (pool == null || n <= 1) {
      for (int i = 0; i < n; i++) {
        task.accept(i);
      }
      return;
    }
    AtomicInteger next = new AtomicInteger();
    Runnable worker = () -> {
      for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
        task.accept(i);
      }
    };
    Future<?>[] helpers = new Future<?>[Math.min(threads, n) - 1];
    for (int k = 0; k < helpers.length; k++) {
      helpers[k] = pool.submit(worker);
    }
    RuntimeException failure = null;
    try {
      worker.run();
    } catch (RuntimeException e) {
      failure = e;
    }
    // Wait for every helper even after a failure: none may still write into the arrays once this returns.
    boolean interrupted = false;
    for (Future<?> f : helpers) {
      while (true) {
        try {
          f.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
          }
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdown();
    }
  }

  /** The fixed cut: chunk i covers [from(i), to(i)) of tensor tensor[i]; empty tensors have no chunk. */
  private static final class Chunks {
    final int[] tensor;
    final int[] index;
    final int[] sizes;

    Chunks(int[] sizes) {
      this.sizes = sizes;
      long count = 0;
      for (int s : sizes) {
        count += (s + (long) CHUNK - 1) / CHUNK;
      }
      if (count > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("too many chunks: " + count);
      }
      tensor = new int[(int) count];
      index = new int[(int) count];
      int i = 0;
      for (int t = 0; t < sizes.length; t++) {
        for (int k = 0; (long) k * CHUNK < sizes[t]; k++, i++) {
          tensor[i] = t;
          index[i] = k;
        }
      }
    }

    int count() {
      return tensor.length;
    }

    int from(int i) {
      return index[i] * CHUNK;
    }

    int to(int i) {
      return (int) Math.min(sizes[tensor[i]], (long) (index[i] + 1) * CHUNK);
    }
  }
}
