package io.videor1.exec;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import io.videor1.model.VisionLanguageModel;
import java.util.Locale;

/**
 * A model task's engine failing, as opposed to its input being bad: out of memory (libtorch's "CUDA out of memory" or
 * "DefaultCPUAllocator: can't allocate memory", or the JVM's own), or any other error the native engine raised.
 *
 * <p>Why the distinction: a task records a prompt whose input is bad (a corrupt frame record, a question the model
 * cannot take) as a failed prompt and goes on, so one bad sample costs one group. An engine failure says nothing
 * about the prompt: the next one on this executor would likely fail the same way, and recording it as a failed prompt
 * made a step train on fewer groups without saying why. So an engine failure fails the task, with what the task was
 * doing, the model, the batch shape and the memory in its message: Spark retries the task, and after {@code
 * spark.task.maxFailures} attempts stops the run with that line. The JVM running out of heap stays an {@link
 * OutOfMemoryError} (with the same message), which Spark treats as fatal to the executor, as it should.
 */
public final class EngineFault extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Test seam: runs on a model task's thread before each generation; tests make it fail as the engine would. */
  static volatile Runnable beforeGeneration = () -> {};

  /**
   * What the engine was doing.
   *
   * @param task the task and its place in the job ("T-GRPO rollout of step 3, problem 42")
   * @param model the model ({@link #model})
   * @param batch the batch's shape in words ("4 + 2 completions of up to 768 new tokens on a 1,310-token prompt")
   * @param device the device it ran on
   */
  public record Call(String task, String model, String batch, Device device) {}

  private EngineFault(String message, Throwable cause) {
    super(message, cause);
  }

  /** Runs the test seam (a no-op outside tests); model tasks call it before generating. */
  public static void beforeGeneration() {
    beforeGeneration.run();
  }

  /** The model in words: its directory, size and where it computes ({@code vlm} may be null: not loaded yet). */
  public static String model(String dir, VisionLanguageModel vlm) {
    if (vlm == null) {
      return dir;
    }
    long n = vlm.model().config().parameterCount();
    return String.format(Locale.ROOT, "%s (%.2f %s parameters, %s)", dir, n >= 1e9 ? n / 1e9 : n / 1e6,
        n >= 1e9 ? "B" : "M", dtypes(vlm));
  }

  /** "float32", or "float16 weights, float32 compute" for a CPU's float16 model. */
  private static String dtypes(VisionLanguageModel vlm) {
    String w = vlm.model().weightType().toString().toLowerCase(Locale.ROOT);
    String c = vlm.model().dataType().toString().toLowerCase(Locale.ROOT);
    return w.equals(c) ? c : w + " weights, " + c + " compute";
  }

  /**
   * Rethrows {@code t} as a task failure naming {@code call} when it is the engine failing; returns when it is not
   * (the caller records the input as bad).
   */
  public static void rethrowIfEngine(Throwable t, Call call) {
    if (t instanceof EngineFault f) {
      throw f;
    }
    Throwable c = engineCause(t);
    if (c == null) {
      return;
    }
    String kind = c instanceof OutOfMemoryError ? "JVM out of memory"
        : outOfMemory(c.getMessage()) ? "engine out of memory" : "engine error";
    String message = kind + " in " + call.task() + ": model " + call.model() + " on " + call.device() + ", batch "
        + call.batch() + "; memory: " + MemoryReport.now(call.device()) + "; " + c.getClass().getSimpleName() + ": "
        + firstLine(c.getMessage());
    if (c instanceof OutOfMemoryError) {
      OutOfMemoryError e = new OutOfMemoryError(message);
      e.initCause(t);
      throw e;
    }
    throw new EngineFault(message, t);
  }

  /** Whether {@code t} is the engine failing (see {@link #rethrowIfEngine}). */
  public static boolean isEngineFault(Throwable t) {
    return t instanceof EngineFault || engineCause(t) != null;
  }

  /** The engine's exception or the JVM's OutOfMemoryError among {@code t} and its causes, or null. */
  private static Throwable engineCause(Throwable t) {
    int depth = 0;
    for (Throwable c = t; c != null && depth < 16; c = c.getCause(), depth++) {
      if (c instanceof OutOfMemoryError || c instanceof EngineException) {
        return c;
      }
    }
    return null;
  }

  /** The allocators' wording: c10's CPU and CUDA allocators, cuBLAS and cuDNN. */
  static boolean outOfMemory(String message) {
    String m = String.valueOf(message).toLowerCase(Locale.ROOT);
    return m.contains("out of memory") || m.contains("can't allocate memory") || m.contains("cannot allocate memory")
        || m.contains("alloc_failed") || m.contains("failed to allocate");
  }

  /** The first line (c10 appends a C++ stack trace to its messages). */
  private static String firstLine(String s) {
    return s == null ? "" : s.strip().lines().findFirst().orElse("");
  }
}
