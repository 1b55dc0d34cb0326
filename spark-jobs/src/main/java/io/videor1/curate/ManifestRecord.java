package io.videor1.curate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.videor1.text.Utf8;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One validated Video-R1 record (spec §1.2) and the media it names.
 *
 * <p>Accepts the released schema ({@code path}) and the variants seen in the wild: {@code video} or {@code image} as a
 * one-element list or a string, and missing {@code problem_id} or {@code data_source}. Fields this schema does not know
 * are kept, as JSON, in {@code extraJson}, so no manifest field is lost. Lone surrogates in the text (JSON
 * {@code "\ud800"}) become U+FFFD here, before the text reaches Parquet.
 */
public record ManifestRecord(
    long line,
    Long problemId,
    String problem,
    String dataType,
    String problemType,
    List<String> options,
    String solution,
    String path,
    String dataSource,
    String process,
    String extraJson,
    String mediaPath,
    String raw)
    implements Serializable {

  /** Video-R1's answer types, spelled exactly as in the data. */
  public static final Set<String> PROBLEM_TYPES =
      Set.of("multiple choice", "numerical", "OCR", "free-form", "regression");

  public static final Set<String> DATA_TYPES = Set.of("image", "video");

  private static final Set<String> KNOWN =
      Set.of(
          "problem_id", "problem", "data_type", "problem_type", "options", "solution", "path", "video", "image",
          "data_source", "process");

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Parses and validates one manifest line.
   *
   * @throws IllegalArgumentException with the reason the record cannot be used
   */
  public static ManifestRecord parse(ManifestLine l) {
    if (l.readError() != null) {
      throw new IllegalArgumentException(l.readError());
    }
    JsonNode n;
    try {
      n = JSON.readTree(l.raw());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("record is not a JSON object");
    }
    String dataType = requiredString(n, "data_type");
    if (!DATA_TYPES.contains(dataType)) {
      throw new IllegalArgumentException("unknown data_type '" + dataType + "'; allowed: image, video");
    }
    String problemType = requiredString(n, "problem_type");
    if (!PROBLEM_TYPES.contains(problemType)) {
      throw new IllegalArgumentException(
          "unknown problem_type '" + problemType + "'; allowed: multiple choice, numerical, OCR, free-form, regression");
    }
    String path = mediaPathOf(n, dataType);
    String mediaPath = MediaPaths.relativize(path);
    return new ManifestRecord(
        l.line(),
        problemId(n),
        requiredString(n, "problem"),
        dataType,
        problemType,
        options(n),
        requiredString(n, "solution"),
        path,
        optionalString(n, "data_source"),
        optionalString(n, "process"),
        extras(n),
        mediaPath,
        l.raw());
  }

  private static String requiredString(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("missing required field '" + field + "'");
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' must be a string, got " + v.getNodeType());
    }
    return Utf8.scrub(v.asText());
  }

  private static String optionalString(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    return Utf8.scrub(v.isTextual() ? v.asText() : v.toString());
  }

  private static Long problemId(JsonNode n) {
    JsonNode v = n.get("problem_id");
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.asLong();
    }
    if (v.isTextual() && v.asText().matches("-?\\d{1,18}")) {
      return Long.parseLong(v.asText());
    }
    throw new IllegalArgumentException("problem_id must be an integer, got " + v);
  }

  private static List<String> options(JsonNode n) {
    JsonNode v = n.get("options");
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException("options must be a list of strings, got " + v.getNodeType());
    }
    for (JsonNode o : v) {
      if (!o.isTextual()) {
        throw new IllegalArgumentException("options must be a list of strings, found " + o);
      }
      out.add(Utf8.scrub(o.asText()));
    }
    return out;
  }

  /** The one media path: {@code path}, or the {@code video}/{@code image} list that matches data_type. */
  private static String mediaPathOf(JsonNode n, String dataType) {
    JsonNode p = n.get("path");
    if (p != null && !p.isNull()) {
      if (!p.isTextual()) {
        throw new IllegalArgumentException("field 'path' must be a string, got " + p.getNodeType());
      }
      return Utf8.scrub(p.asText());
    }
    JsonNode list = n.get(dataType);
    if (list == null || list.isNull()) {
      String other = dataType.equals("video") ? "image" : "video";
      if (n.hasNonNull(other)) {
        throw new IllegalArgumentException("data_type is " + dataType + " but the record names its media under '" + other + "'");
      }
      throw new IllegalArgumentException("missing required field 'path' (or a '" + dataType + "' list)");
    }
    if (list.isTextual()) {
      return Utf8.scrub(list.asText());
    }
    if (!list.isArray() || list.isEmpty() || !list.get(0).isTextual()) {
      throw new IllegalArgumentException("field '" + dataType + "' must be a non-empty list of paths");
    }
    if (list.size() > 1) {
      throw new IllegalArgumentException(
          "record names " + list.size() + " " + dataType + " files; Video-R1 prompts take exactly one");
    }
    return Utf8.scrub(list.get(0).asText());
  }

  private static String extras(JsonNode n) {
    ObjectNode extra = JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!KNOWN.contains(e.getKey())) {
        extra.set(e.getKey(), e.getValue());
      }
    }
    return extra.isEmpty() ? null : Utf8.scrub(extra.toString());
  }
}
