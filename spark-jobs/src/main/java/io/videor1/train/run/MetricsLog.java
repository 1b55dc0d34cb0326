package io.videor1.train.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.text.Utf8;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code RUN/metrics.jsonl}: one JSON object per step, each with a {@code step} field.
 *
 * <p>The whole file is rewritten (to a temporary name, then renamed) at every step: object stores and HDFS do not
 * append reliably, the file is small, and a reader never sees half a line.
 */
public final class MetricsLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FileSystem fs;
  private final Path file;
  private final List<String> lines = new ArrayList<>();

  /** Opens the log, keeping the lines of steps up to {@code resumeStep} (none for a fresh run: pass 0). */
  public MetricsLog(String runDir, Configuration conf, int resumeStep) throws IOException {
    this.file = new Path(runDir, "metrics.jsonl");
    this.fs = file.getFileSystem(conf);
    if (resumeStep > 0 && fs.exists(file)) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          if (!l.isBlank() && JSON.readTree(l).path("step").asInt(Integer.MAX_VALUE) <= resumeStep) {
            lines.add(l);
          }
        }
      }
    }
    flush();
  }

  /** Appends one step's metrics (must contain "step") and rewrites the file. */
  public void append(Map<String, ?> metrics) throws IOException {
    if (!metrics.containsKey("step")) {
      throw new IllegalArgumentException("metrics need a 'step' field");
    }
    lines.add(JSON.writeValueAsString(metrics));
    flush();
  }

  /** Replaces the last line with {@code metrics} of the same step (the step's timings once its checkpoint is out). */
  public void replaceLast(Map<String, ?> metrics) throws IOException {
    if (lines.isEmpty() || JSON.readTree(lines.get(lines.size() - 1)).path("step").asInt(-1)
        != ((Number) metrics.get("step")).intValue()) {
      throw new IllegalStateException("replaceLast needs the last line to be of step " + metrics.get("step"));
    }
    lines.set(lines.size() - 1, JSON.writeValueAsString(metrics));
    flush();
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  private void flush() throws IOException {
    fs.mkdirs(file.getParent());
    Path tmp = new Path(file.getParent(), ".metrics.jsonl.tmp");
    try (OutputStream o = fs.create(tmp, true)) {
      for (String l : lines) {
        o.write(Utf8.bytes(l + "\n"));
      }
    }
    if (fs.exists(file)) {
      fs.delete(file, false);
    }
    if (!fs.rename(tmp, file)) {
      throw new IOException("cannot rename " + tmp + " to " + file);
    }
  }
}
