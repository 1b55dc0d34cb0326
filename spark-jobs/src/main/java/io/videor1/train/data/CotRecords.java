package io.videor1.train.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.videor1.prompt.PromptMeta;
import io.videor1.text.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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

  /**
   * The records of {@code file} with a {@code process}, by problem id. A malformed JSON line (a file cut mid-record,
   * a stray byte) is skipped and counted on {@code log}, the rest come through; an array that breaks off keeps the
   * records before the break. Bytes that are not UTF-8 and lone surrogates become U+FFFD.
   */
  public static Map<Long, Cot> read(String file, Configuration conf, PrintStream log) throws IOException {
    Path p = new Path(file);
    List<JsonNode> records = new ArrayList<>();
    String problem = null;
    long bad = 0;
    try (InputStream in = p.getFileSystem(conf).open(p)) {
      String text = Utf8.decode(in.readAllBytes()).strip();
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      if (text.startsWith("[")) {
        try (JsonParser jp = JSON.getFactory().createParser(text)) {
          jp.nextToken();
          for (JsonToken t = jp.nextToken(); t != null && t != JsonToken.END_ARRAY; t = jp.nextToken()) {
            records.add(JSON.readTree(jp));
          }
        } catch (JsonProcessingException e) {
          bad++;
          problem = "the array breaks off after " + records.size() + " record(s): " + e.getOriginalMessage();
        }
      } else {
        long line = 0;
        for (String l : text.split("\r?\n|\r")) {
          line++;
          if (l.isBlank()) {
            continue;
          }
          try {
            records.add(JSON.readTree(l));
          } catch (JsonProcessingException e) {
            bad++;
            problem = problem != null ? problem : "line " + line + ": " + e.getOriginalMessage();
          }
        }
      }
    }
    if (bad > 0) {
      log.printf(Locale.ROOT, "sft: skipped %d malformed part(s) of %s (first: %s)%n", bad, file, problem);
    }
    Map<Long, Cot> out = new HashMap<>();
    for (JsonNode n : records) {
      if (n != null && n.hasNonNull("problem_id") && n.hasNonNull("process") && n.hasNonNull("solution")) {
        out.put(n.get("problem_id").asLong(),
            new Cot(Utf8.scrub(n.get("process").asText()), Utf8.scrub(n.get("solution").asText())));
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
