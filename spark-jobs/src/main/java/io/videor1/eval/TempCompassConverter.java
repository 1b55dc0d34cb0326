package io.videor1.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.videor1.text.Utf8;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Converts TempCompass's own question files to Video-R1 benchmark records (spec §1.5 schema).
 *
 * <p>TempCompass nests questions as {@code {video_id: {dimension: [{question, answer}]}}}. A multi-choice question
 * carries its options after the first line ({@code "...?\nA. x\nB. y"}) and its answer as {@code "A. x"}; a yes/no
 * question becomes a two-option multiple-choice record ({@code A. yes}, {@code B. no}), since Video-R1 scores letters.
 * Every record gets {@code path = ./<videoDir>/<video_id>.<ext>}, {@code data_source = TempCompass/<dimension>} and a
 * {@code dimension} field (the category of the summary); problem ids count from 1 in file order.
 */
public final class TempCompassConverter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TempCompassConverter() {}

  /** What to convert and how media paths look. */
  public record Options(String videoDir, String extension) {
    public static Options defaults() {
      return new Options("videos", "mp4");
    }
  }

  /** Converts one file; {@code yesNo} selects the yes/no layout. */
  public static List<ObjectNode> convert(Path questions, boolean yesNo, Options o, int firstId) throws IOException {
    JsonNode root = JSON.readTree(questions.toFile());
    if (root == null || !root.isObject()) {
      throw new IOException(questions + " is not a TempCompass question file (expected {video_id: {dimension: [...]}})");
    }
    List<ObjectNode> out = new ArrayList<>();
    int id = firstId;
    for (Iterator<Map.Entry<String, JsonNode>> videos = root.fields(); videos.hasNext(); ) {
      Map.Entry<String, JsonNode> video = videos.next();
      for (Iterator<Map.Entry<String, JsonNode>> dims = video.getValue().fields(); dims.hasNext(); ) {
        Map.Entry<String, JsonNode> dim = dims.next();
        for (JsonNode q : dim.getValue()) {
          out.add(
              yesNo
                  ? yesNoRecord(id++, video.getKey(), dim.getKey(), q, o)
                  : choiceRecord(id++, video.getKey(), dim.getKey(), q, o));
        }
      }
    }
    return out;
  }

  private static ObjectNode choiceRecord(int id, String video, String dim, JsonNode q, Options o) {
    String[] lines = q.path("question").asText().split("\n");
    ObjectNode n = base(id, lines[0].trim(), video, dim, o);
    ArrayNode options = n.putArray("options");
    for (int i = 1; i < lines.length; i++) {
      if (!lines[i].isBlank()) {
        options.add(Utf8.scrub(lines[i].trim()));
      }
    }
    String answer = q.path("answer").asText().trim();
    if (options.isEmpty() || answer.isEmpty() || !Character.isLetter(answer.charAt(0))) {
      throw new IllegalArgumentException("video " + video + " (" + dim + "): not a multi-choice question: " + q);
    }
    n.put("solution", "<answer>" + answer.charAt(0) + "</answer>");
    return n;
  }

  private static ObjectNode yesNoRecord(int id, String video, String dim, JsonNode q, Options o) {
    ObjectNode n = base(id, q.path("question").asText().trim(), video, dim, o);
    n.putArray("options").add("A. yes").add("B. no");
    String answer = q.path("answer").asText().trim().toLowerCase(java.util.Locale.ROOT);
    if (!answer.equals("yes") && !answer.equals("no")) {
      throw new IllegalArgumentException("video " + video + " (" + dim + "): yes/no answer is '" + answer + "'");
    }
    n.put("solution", answer.equals("yes") ? "<answer>A</answer>" : "<answer>B</answer>");
    return n;
  }

  /** The fields every record has; text from the file is scrubbed of lone surrogates (JSON {@code "\ud800"}). */
  private static ObjectNode base(int id, String problemText, String videoId, String dimension, Options o) {
    String problem = Utf8.scrub(problemText);
    String video = Utf8.scrub(videoId);
    String dim = Utf8.scrub(dimension);
    ObjectNode n = JSON.createObjectNode();
    n.put("problem_id", id);
    n.put("problem", problem);
    n.put("data_type", "video");
    n.put("problem_type", "multiple choice");
    n.put("path", "./" + o.videoDir() + "/" + video + "." + o.extension());
    n.put("data_source", "TempCompass/" + dim);
    n.put("dimension", dim);
    return n;
  }
}
