package io.videor1.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line: rows done of total, rows/s and ETA, printed while a job runs and once at the end. */
class ProgressTest {
  @Test
  void lineShowsDoneTotalRateAndEta() {
    assertEquals("curate: 50/200 rows (25.0%), 10.0 rows/s, ETA 15s", Progress.line("curate", 50, 200, 5.0));
    assertEquals("curate: 0/10 rows (0.0%), 0.0 rows/s, ETA ?", Progress.line("curate", 0, 10, 1.0));
  }

  @Test
  void printsWhileRunningAndAtTheEnd() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    AtomicLong done = new AtomicLong();
    try (Progress p = new Progress("curate", 4, done::get, 1, new PrintStream(buf, true))) {
      done.set(2);
      Thread.sleep(1500);
      done.set(4);
    }
    String[] lines = buf.toString().trim().split("\n");
    assertTrue(lines.length >= 2, buf.toString());
    assertTrue(lines[0].startsWith("curate: 2/4 rows (50.0%)"), lines[0]);
    assertTrue(lines[lines.length - 1].startsWith("curate: 4/4 rows (100.0%)"), lines[lines.length - 1]);
  }
}
