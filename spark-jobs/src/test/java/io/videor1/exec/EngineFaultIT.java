package io.videor1.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.testing.SparkTestSession;
import io.videor1.testing.TinyTraining;
import io.videor1.train.grpo.TGrpoConfig;
import io.videor1.train.grpo.TGrpoTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine failing in a model task fails the task with what it was doing, the model, the batch and the memory;
 * bad input stays a failed prompt and the step goes on. The out-of-memory error is the engine's own: an allocation
 * far past any machine's memory, made on the task's thread where generation would start ({@link
 * EngineFault#beforeGeneration}).
 */
class EngineFaultIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** libtorch's CPU allocator refusing 2^60 bytes: "DefaultCPUAllocator: can't allocate memory". */
  static void allocatePastMemory() {
    try (NDManager m = NDManager.newBaseManager()) {
      m.create(new Shape(1L << 40, 1L << 18), DataType.FLOAT32);
    }
  }

  @AfterEach
  void noSeam() {
    EngineFault.beforeGeneration = () -> {};
  }

  @Test
  void theEnginesOutOfMemoryIsAFaultAndBadInputIsNot() {
    EngineException oom = assertThrows(EngineException.class, EngineFaultIT::allocatePastMemory);
    assertTrue(EngineFault.isEngineFault(oom));
    assertTrue(EngineFault.isEngineFault(new IllegalStateException("wrapped", oom)));
    assertFalse(EngineFault.isEngineFault(new IOException("x: its frames decode to nothing (0 frames stored)")));
    assertFalse(EngineFault.isEngineFault(new IllegalArgumentException("frame has 3 bytes, expected 37632")));

    EngineFault.Call call = new EngineFault.Call("a test", "m (0.00 B parameters, float32)", "2 completions",
        Device.cpu());
    EngineFault f = assertThrows(EngineFault.class, () -> EngineFault.rethrowIfEngine(oom, call));
    assertTrue(f.getMessage().startsWith("engine out of memory in a test: model m (0.00 B parameters, float32) on "
        + "cpu(), batch 2 completions; memory: JVM heap "), f.getMessage());
    assertTrue(f.getMessage().contains(", process resident "), f.getMessage());
    assertTrue(f.getMessage().endsWith("EngineException: [enforce fail at alloc_cpu.cpp:119] err == 0. "
        + "DefaultCPUAllocator: can't allocate memory: you tried to allocate 1152921504606846976 bytes. Error code 12 "
        + "(Cannot allocate memory)"), f.getMessage());
    assertSame(oom, f.getCause());
    assertSame(f, assertThrows(EngineFault.class, () -> EngineFault.rethrowIfEngine(f, call)), "not wrapped twice");

    OutOfMemoryError heap = assertThrows(OutOfMemoryError.class,
        () -> EngineFault.rethrowIfEngine(new OutOfMemoryError("Java heap space"), call));
    assertTrue(heap.getMessage().startsWith("JVM out of memory in a test: "), heap.getMessage());
    assertTrue(heap.getMessage().endsWith("; OutOfMemoryError: Java heap space"), heap.getMessage());
    EngineFault.rethrowIfEngine(new IOException("bad input"), call); // returns: the caller records it
    assertTrue(EngineFault.outOfMemory("CUDA out of memory. Tried to allocate 2.00 GiB"));
    assertFalse(EngineFault.outOfMemory("mat1 and mat2 shapes cannot be multiplied (4x3 and 5x6)"));
  }

  @Test
  void anOutOfMemoryDuringRolloutsFailsTheStepWithItsMessage(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    String out = dir.resolve("run").toString();
    TGrpoConfig cfg = TinyTraining.train(out, "train.steps=1");
    EngineFault.beforeGeneration = EngineFaultIT::allocatePastMemory;
    Exception e = assertThrows(Exception.class, () -> TGrpoTrainer.train(spark, cfg, System.err));
    StringBuilder chain = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      chain.append(t).append('\n');
    }
    String m = chain.toString();
    assertTrue(m.contains("io.videor1.exec.EngineFault: engine out of memory in T-GRPO rollout of step 1, problem "),
        m);
    assertTrue(m.contains(": model " + TinyTraining.get().sftModel() + " ("), m);
    assertTrue(m.contains(" parameters, float32) on cpu(), batch 4 ordered + 2 shuffled completions of up to 12 new"
        + " tokens on a "), m);
    assertTrue(m.contains("-token prompt with "), m);
    assertTrue(m.contains("; memory: JVM heap "), m);
    assertTrue(m.contains("DefaultCPUAllocator: can't allocate memory"), m);
    assertFalse(Files.exists(Path.of(out, "metrics.jsonl")) && !Files.readString(Path.of(out, "metrics.jsonl"))
        .isBlank(), "no step was logged as trained");
  }

  @Test
  void badInputStaysAFailedPromptAndTheStepGoesOn(@TempDir Path dir) throws Exception {
    SparkSession spark = SparkTestSession.get();
    String out = dir.resolve("run").toString();
    TGrpoConfig cfg = TinyTraining.train(out, "train.steps=1");
    AtomicInteger calls = new AtomicInteger();
    EngineFault.beforeGeneration = () -> {
      if (calls.getAndIncrement() == 0) {
        throw new IllegalArgumentException("frame has 3 bytes, expected 37632");
      }
    };
    TGrpoTrainer.train(spark, cfg, System.err);
    List<Row> failed = spark.read().parquet(out + "/ledger").where("failure is not null").collectAsList();
    assertEquals(1, failed.size(), "the one prompt, once");
    assertEquals("IllegalArgumentException: frame has 3 bytes, expected 37632", failed.get(0).getAs("failure"));
    Map<?, ?> metrics = JSON.readValue(Files.readAllLines(Path.of(out, "metrics.jsonl")).get(0), Map.class);
    assertEquals(1, ((Number) metrics.get("failed_prompts")).intValue());
    assertEquals(1, ((Number) metrics.get("groups")).intValue(), "the other prompt trained");
  }
}
