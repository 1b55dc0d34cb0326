package io.videor1.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads what a training run leaves behind and compares two runs that should be the same. */
final class RunOutputs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> ROW = new TypeReference<>() {};

  private RunOutputs() {}

  /**
   * The run {@code b} ends exactly where {@code a} does: the same ledger rows, the same step metrics (timings aside)
   * and byte-identical weights, optimizer state and checkpoints.
   */
  static void assertSameRun(Path a, Path b) throws IOException {
    List<String> rowsA = canonical(ledgerRows(a));
    List<String> rowsB = canonical(ledgerRows(b));
    assertTrue(!rowsA.isEmpty());
    assertEquals(rowsA, rowsB, "ledger rows of " + b + " against " + a);
    List<Map<String, Object>> ma = metrics(a);
    List<Map<String, Object>> mb = metrics(b);
    ma.forEach(m -> m.remove("seconds"));
    mb.forEach(m -> m.remove("seconds"));
    assertEquals(ma, mb, "metrics.jsonl (without seconds) of " + b + " against " + a);
    assertSameBytes(a.resolve("model/model.safetensors"), b.resolve("model/model.safetensors"));
    for (Path ckA : checkpoints(a)) {
      Path ckB = b.resolve("checkpoints").resolve(ckA.getFileName());
      for (String f : List.of("trainable.safetensors", "optimizer.safetensors", "model/model.safetensors",
          "trainer_state.json")) {
        assertSameBytes(ckA.resolve(f), ckB.resolve(f));
      }
    }
  }

  /** Every ledger row of a run, from its JSON-lines copy (same rows as the Parquet ledger), with its step. */
  static List<Map<String, Object>> ledgerRows(Path run) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(run.resolve("ledger-json"))) {
      for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
        int step = Integer.parseInt(f.getParent().getFileName().toString().substring("step=".length()));
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            Map<String, Object> row = JSON.readValue(line, ROW);
            row.put("step", step);
            out.add(row);
          }
        }
      }
    }
    return out;
  }

  /** metrics.jsonl, one map per step. */
  static List<Map<String, Object>> metrics(Path run) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"), StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        out.add(JSON.readValue(line, ROW));
      }
    }
    return out;
  }

  static void assertNoFileContains(Path root, String secret) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertTrue(!new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(secret),
            "the secret is in " + f);
      }
    }
  }

  private static List<String> canonical(List<Map<String, Object>> rows) throws IOException {
    List<String> out = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      out.add(JSON.writeValueAsString(new java.util.TreeMap<>(r)));
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }

  private static List<Path> checkpoints(Path run) throws IOException {
    try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
      return s.filter(p -> p.getFileName().toString().startsWith("step-")).sorted().toList();
    }
  }

  private static void assertSameBytes(Path a, Path b) throws IOException {
    assertTrue(Files.exists(b), b + " exists");
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), b + " equals " + a);
  }
}
