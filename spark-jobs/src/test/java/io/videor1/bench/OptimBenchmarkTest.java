package io.videor1.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code bench optim} on a small state: it runs, compares the bits of 1 and 3 threads, and prints its figures. */
class OptimBenchmarkTest {
  @Test
  void comparesOneThreadWithSeveralAndReportsTheSameBits() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    // tensors that end mid-chunk, so the cut crosses tensor edges
    Map<String, Object> f = OptimBenchmark.run(new OptimBenchmark.Options(1_000_003, 3 * 65_536 + 17, 3, 2),
        new PrintStream(buf, true, StandardCharsets.UTF_8));
    assertEquals(Boolean.TRUE, f.get("bit_identical"));
    assertEquals(3, f.get("threads"));
    double speedup = (Double) f.get("speedup");
    assertTrue(speedup > 0 && Double.isFinite(speedup), "speed-up " + speedup);
    String table = buf.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("same bits: yes") && table.contains("triad"), table);
  }
}
