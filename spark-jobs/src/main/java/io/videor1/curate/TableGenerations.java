package io.videor1.curate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Which batches make up a frames version ({@code params=HASH}) right now: the newest generation file
 * {@code params=HASH/_generations/NNNNNNNNNNNN.json}, or, for a table that never had one, every {@code batch=*}.
 *
 * <p>A reader picks one generation and reads exactly its batches, so it sees a consistent table while a run adds a
 * batch or compaction replaces many batches by a few: publishing a generation is one rename of a complete file to a
 * new name. Batches that compaction replaced stay on disk (listed under {@code replaced} with the time) until the
 * retention has passed, so a reader that picked the older generation a moment ago, or a training run that holds its
 * file names for hours, can still open them. A {@code batch=*} directory in neither list was renamed into place by a
 * run that died before publishing; it is not part of the table and the next run under the lease removes it.
 */
public final class TableGenerations {
  static final String DIR = "_generations";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One generation.
   *
   * @param number 1, 2, ... (0: none published yet, the table is what is listed)
   * @param batches the live batch directory names
   * @param replaced batches replaced by compaction, still kept for readers, with when they were replaced (epoch ms)
   */
  public record Generation(long number, List<String> batches, Map<String, Long> replaced) {}

  private TableGenerations() {}

  /** The newest generation of {@code version}; number 0 with the listed batches when none was published. */
  public static Generation current(FileSystem fs, Path version) throws IOException {
    Path dir = new Path(version, DIR);
    FileStatus[] gens = fs.exists(dir) ? fs.listStatus(dir, p -> p.getName().endsWith(".json")) : new FileStatus[0];
    long newest = 0;
    for (FileStatus g : gens) {
      newest = Math.max(newest, Long.parseLong(g.getPath().getName().replace(".json", "")));
    }
    if (newest == 0) {
      return new Generation(0, listed(fs, version), Map.of());
    }
    try (InputStream in = fs.open(new Path(dir, name(newest)))) {
      JsonNode n = JSON.readTree(in);
      List<String> batches = new ArrayList<>();
      n.get("batches").forEach(b -> batches.add(b.asText()));
      Map<String, Long> replaced = new LinkedHashMap<>();
      n.get("replaced").fields().forEachRemaining(e -> replaced.put(e.getKey(), e.getValue().asLong()));
      return new Generation(newest, batches, replaced);
    }
  }

  /** The live batch directories of {@code version}. */
  public static List<Path> liveBatches(FileSystem fs, Path version) throws IOException {
    List<Path> out = new ArrayList<>();
    for (String b : current(fs, version).batches()) {
      out.add(new Path(version, b));
    }
    return out;
  }

  /** The rows of the live batches of {@code version} (columns as Spark reads the version directory). */
  public static Dataset<Row> read(SparkSession spark, Path version, DataFrameReader reader) throws IOException {
    FileSystem fs = version.getFileSystem(spark.sparkContext().hadoopConfiguration());
    List<Path> live = liveBatches(fs, version);
    if (live.isEmpty()) {
      throw new IOException("the frames version " + version + " has no batches");
    }
    String[] dirs = live.stream().map(Path::toString).toArray(String[]::new);
    return reader.option("basePath", version.toString()).parquet(dirs);
  }

  /** Names of the {@code batch=*} directories present, in name order. */
  static List<String> listed(FileSystem fs, Path version) throws IOException {
    TreeSet<String> names = new TreeSet<>();
    FileStatus[] found = fs.exists(version) ? fs.globStatus(new Path(version, "batch=*")) : null;
    if (found != null) {
      for (FileStatus f : found) {
        if (f.isDirectory()) {
          names.add(f.getPath().getName());
        }
      }
    }
    return new ArrayList<>(names);
  }

  /**
   * Publishes generation {@code g.number()}: written whole under a hidden name, then renamed to its number (callers
   * hold the output's lease, so no one else publishes). The generations before the previous two are deleted; a reader
   * that listed them a moment ago reads one of the two kept.
   */
  public static void publish(FileSystem fs, Path version, Generation g, String tag) throws IOException {
    Path dir = new Path(version, DIR);
    fs.mkdirs(dir);
    Path target = new Path(dir, name(g.number()));
    if (fs.exists(target)) {
      throw new IOException("generation " + target + " exists already: another run wrote this table");
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("generation", g.number());
    g.batches().forEach(n.putArray("batches")::add);
    ObjectNode replaced = n.putObject("replaced");
    g.replaced().forEach(replaced::put);
    Path tmp = new Path(dir, "." + tag + ".tmp");
    try (OutputStream o = fs.create(tmp, true)) {
      o.write((n.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    if (!fs.rename(tmp, target)) {
      throw new IOException("cannot rename " + tmp + " to " + target);
    }
    for (FileStatus old : fs.listStatus(dir, p -> p.getName().endsWith(".json"))) {
      if (Long.parseLong(old.getPath().getName().replace(".json", "")) < g.number() - 2) {
        fs.delete(old.getPath(), false);
      }
    }
  }

  /** The generation after {@code g} with {@code added} appended to its batches. */
  public static Generation withBatch(Generation g, String added) {
    List<String> batches = new ArrayList<>(g.batches());
    batches.add(added);
    return new Generation(g.number() + 1, batches, g.replaced());
  }

  /**
   * Deletes the {@code batch=*} directories a dead run renamed into place without publishing them (only once a
   * generation exists; before that the listing is the table). Returns their names.
   */
  public static List<String> removeUnpublished(FileSystem fs, Path version) throws IOException {
    Generation g = current(fs, version);
    List<String> removed = new ArrayList<>();
    if (g.number() == 0) {
      return removed;
    }
    for (String b : listed(fs, version)) {
      if (!g.batches().contains(b) && !g.replaced().containsKey(b)) {
        fs.delete(new Path(version, b), true);
        removed.add(b);
      }
    }
    return removed;
  }

  private static String name(long number) {
    return String.format("%012d.json", number);
  }
}
