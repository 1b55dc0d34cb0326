package io.videor1.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.conf.ConfigError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One training run as the report reads it: the step metrics ({@code metrics.jsonl}), the resolved configuration
 * ({@code run.json}, flattened to dotted keys) and the rollout ledger ({@code ledger/}, as a Spark table).
 *
 * @param label the run's name in legends
 * @param dir the run directory as given
 * @param metrics one object per step, in step order
 * @param config dotted key → value of run.json, in file order; empty when the run has none
 * @param ledger the ledger with its {@code step} partition column, or null when the run wrote none
 */
public record RunData(String label, String dir, List<JsonNode> metrics, Map<String, String> config,
    Dataset<Row> ledger) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Opens the run at {@code dir}; a path that is not a training run is a user error naming the path. */
  public static RunData open(SparkSession spark, String dir, String label) throws IOException {
    Path root = new Path(dir);
    FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(root)) {
      throw new ConfigError("no training run at " + dir + ": the directory does not exist");
    }
    if (!fs.getFileStatus(root).isDirectory()) {
      throw new ConfigError("no training run at " + dir + ": it is a file, not a run directory");
    }
    Path metricsFile = new Path(root, "metrics.jsonl");
    if (!fs.exists(metricsFile)) {
      throw new ConfigError("no training run at " + dir + ": it has no metrics.jsonl (a `videor1 train --out` "
          + "directory has one)");
    }
    List<JsonNode> metrics = readLines(fs, metricsFile);
    if (metrics.isEmpty()) {
      throw new ConfigError("no training run at " + dir + ": metrics.jsonl has no steps yet");
    }
    metrics.sort(Comparator.comparingInt(m -> m.path("step").asInt()));
    Path runJson = new Path(root, "run.json");
    Map<String, String> config = new LinkedHashMap<>();
    if (fs.exists(runJson)) {
      try (InputStream in = fs.open(runJson)) {
        flatten("", JSON.readTree(in), config);
      }
    }
    Path ledgerDir = new Path(root, "ledger");
    Dataset<Row> ledger = hasSteps(fs, ledgerDir) ? spark.read().parquet(ledgerDir.toString()) : null;
    String name = label.isBlank() ? root.getName() : label;
    return new RunData(name, dir, List.copyOf(metrics), Collections.unmodifiableMap(config), ledger);
  }

  /** The same run under another name. */
  public RunData withLabel(String name) {
    return new RunData(name, dir, metrics, config, ledger);
  }

  /**
   * The steps and values of a numeric metric, skipping steps where it is missing, null or not finite; a dotted
   * {@code field} that is no top-level key reads a nested object's value ({@code temporal.score} → {"temporal":
   * {"score": ...}}).
   */
  public double[][] series(String field) {
    List<double[]> points = new ArrayList<>();
    for (JsonNode m : metrics) {
      JsonNode v = lookup(m, field);
      if (v.isNumber() && Double.isFinite(v.asDouble())) {
        points.add(new double[] {m.path("step").asDouble(), v.asDouble()});
      }
    }
    double[][] out = new double[2][points.size()];
    for (int i = 0; i < points.size(); i++) {
      out[0][i] = points.get(i)[0];
      out[1][i] = points.get(i)[1];
    }
    return out;
  }

  /**
   * The keys of every numeric metric, nested objects' values as dotted keys, in the order first logged; the step
   * number and the per-stage {@code seconds} are not metrics of the run's learning, so they are left out.
   */
  public List<String> numericKeys() {
    Set<String> keys = new LinkedHashSet<>();
    for (JsonNode m : metrics) {
      m.fields().forEachRemaining(e -> {
        if (!e.getKey().equals("step") && !e.getKey().equals("seconds")) {
          numericLeaves(e.getKey(), e.getValue(), keys);
        }
      });
    }
    return List.copyOf(keys);
  }

  private static void numericLeaves(String key, JsonNode n, Set<String> out) {
    if (n.isNumber()) {
      out.add(key);
    } else if (n.isObject()) {
      n.fields().forEachRemaining(e -> numericLeaves(key + "." + e.getKey(), e.getValue(), out));
    }
  }

  private static JsonNode lookup(JsonNode m, String field) {
    if (m.has(field) || field.indexOf('.') < 0) {
      return m.path(field);
    }
    JsonNode v = m;
    for (String part : field.split("\\.")) {
      v = v.path(part);
    }
    return v;
  }

  /** The step numbers, in order. */
  public List<Integer> steps() {
    return metrics.stream().map(m -> m.path("step").asInt()).toList();
  }

  /** Each step's seconds by stage (the metrics' {@code seconds} object), in step order; empty maps when absent. */
  public List<Map<String, Double>> stageSeconds() {
    List<Map<String, Double>> out = new ArrayList<>();
    for (JsonNode m : metrics) {
      Map<String, Double> s = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = m.path("seconds").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isNumber()) {
          s.put(e.getKey(), e.getValue().asDouble());
        }
      }
      out.add(s);
    }
    return out;
  }

  private static List<JsonNode> readLines(FileSystem fs, Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        if (!l.isBlank()) {
          JsonNode n = JSON.readTree(l);
          if (n.has("step")) {
            out.add(n);
          }
        }
      }
    }
    return out;
  }

  /** Whether the ledger has a step partition (a run killed in its first step leaves only {@code _staging}). */
  private static boolean hasSteps(FileSystem fs, Path ledger) throws IOException {
    if (!fs.exists(ledger)) {
      return false;
    }
    for (FileStatus st : fs.listStatus(ledger)) {
      if (st.isDirectory() && st.getPath().getName().startsWith("step=")) {
        return true;
      }
    }
    return false;
  }

  private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
    if (n.isObject() && n.size() > 0) {
      n.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(),
          e.getValue(), out));
    } else {
      out.put(prefix, n.isValueNode() ? n.asText() : n.toString());
    }
  }
}
