package io.videor1.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The chains of thought of a Video-R1-CoT file (JSON array or JSONL, any Hadoop path), joined to curated records by
 * {@code problem_id}: the SFT targets are {@code process + "\n" + solution} (spec §6.2).
 */
public final class CotRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CotRecords() {}

  /** A CoT record's target. */
  public record Cot(String process, String solution) {}

  /** The records of {@code file} with a {@code process}, by problem id. */
  public static Map<Long, Cot> read(String file, Configuration conf) throws IOException {
    Path p = new Path(file);
    Map<Long, Cot> out = new HashMap<>();
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      byte[] bytes = in.readAllBytes();
      String text = new String(bytes, StandardCharsets.UTF_8).strip();
      List<JsonNode> records = new ArrayList<>();
      if (text.startsWith("[")) {
        JSON.readTree(text).forEach(records::add);
      } else {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
            new java.io.ByteArrayInputStream(bytes), StandardCharsets.UTF_8))) {
          for (String l = r.readLine(); l != null; l = r.readLine()) {
            if (!l.isBlank()) {
              records.add(JSON.readTree(l));
            }
          }
        }
      }
      for (JsonNode n : records) {
        if (n.hasNonNull("problem_id") && n.hasNonNull("process") && n.hasNonNull("solution")) {
          out.put(n.get("problem_id").asLong(), new Cot(n.get("process").asText(), n.get("solution").asText()));
        }
      }
    }
    return out;
  }

  /**
   * The records that have a chain of thought: from {@code cot} when given (joined by problem id), else from the
   * curation table's own {@code process} column; re-indexed from 0.
   */
  public static List<PromptMeta> join(List<PromptMeta> records, Map<Long, Cot> cot) {
    List<PromptMeta> out = new ArrayList<>();
    for (PromptMeta m : records) {
      PromptMeta j = m;
      if (cot != null) {
        Cot c = cot.get(m.problemId());
        j = c == null ? null : m.withCot(c.process(), c.solution());
      }
      if (j != null && j.process() != null && !j.process().isBlank()) {
        out.add(j.withIndex(out.size()));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no record has a chain of thought" + (cot == null
          ? " (the frames table has no process column values; pass --cot FILE)" : " matching the frames' problem ids"));
    }
    return out;
  }
}
