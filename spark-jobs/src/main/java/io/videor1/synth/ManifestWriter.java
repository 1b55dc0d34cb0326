package io.videor1.synth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the manifests (Video-R1-260k and Video-R1-CoT schema) and the ground-truth files, with a fixed key order and
 * one record per line, so the same samples always give the same bytes.
 *
 * <p>A manifest record: {@code problem_id, problem, data_type, problem_type, options, [process,] solution, path,
 * data_source, temporal, truth{family, answer_reversed[, answer_cue]}}. The last two are this dataset's own; the curation job keeps
 * them in {@code extra_json}. A truth line adds what is on screen at each sampled frame (see {@link SynthJob}).
 */
final class ManifestWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ManifestWriter() {}

  /** The manifest record of a sample; {@code cot} adds {@code process}. */
  static Map<String, Object> record(SynthSample s, boolean cot) {
    Scene sc = s.scene();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("problem_id", s.problemId());
    m.put("problem", sc.problem());
    m.put("data_type", sc.video() ? "video" : "image");
    m.put("problem_type", sc.problemType().wireName());
    m.put("options", sc.options());
    if (cot) {
      m.put("process", s.process());
    }
    m.put("solution", "<answer>" + sc.answer() + "</answer>");
    m.put("path", s.path());
    m.put("data_source", "synth/" + sc.family());
    m.put("temporal", sc.temporal());
    Map<String, Object> truth = new LinkedHashMap<>();
    truth.put("family", sc.family());
    truth.put("answer_reversed", sc.answerReversed());
    if (s.cueAnswer() != null) { // the planted-shortcut split only: what a cue follower answers
      truth.put("answer_cue", s.cueAnswer());
    }
    m.put("truth", truth);
    return m;
  }

  /** The truth line of a sample: the answers and the items of every sampled frame. */
  static Map<String, Object> truth(SynthSample s, int[] beatFrames, double fps) {
    Scene sc = s.scene();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("problem_id", s.problemId());
    m.put("family", sc.family());
    m.put("data_type", sc.video() ? "video" : "image");
    m.put("problem_type", sc.problemType().wireName());
    m.put("temporal", sc.temporal());
    m.put("answer", sc.answer());
    m.put("answer_reversed", sc.answerReversed());
    if (s.cueAnswer() != null) {
      m.put("answer_cue", s.cueAnswer());
    }
    if (sc.video()) {
      List<Integer> frames = new ArrayList<>();
      List<Double> times = new ArrayList<>();
      for (int f : beatFrames) {
        frames.add(f);
        times.add(round(f / fps));
      }
      m.put("frame_indices", frames);
      m.put("times", times);
    }
    m.put("statics", items(sc.statics()));
    List<Object> beats = new ArrayList<>();
    for (List<Item> b : sc.beats()) {
      beats.add(items(b));
    }
    m.put("beats", beats);
    return m;
  }

  private static List<Object> items(List<Item> items) {
    List<Object> out = new ArrayList<>();
    for (Item it : items) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", it.id());
      m.put("shape", it.shape().word());
      m.put("colour", it.colour().word());
      m.put("x", round(it.x()));
      m.put("y", round(it.y()));
      if (it.text() != null) {
        m.put("text", it.text());
      }
      out.add(m);
    }
    return out;
  }

  private static double round(double v) {
    double r = Math.round(v * 10_000) / 10_000.0;
    return r == 0 ? 0.0 : r; // no "-0.0"
  }

  /** A JSON array, one record per line, written to a temporary file and moved into place. */
  static void writeArray(Path file, List<Map<String, Object>> records) throws IOException {
    StringBuilder sb = new StringBuilder("[\n");
    for (int i = 0; i < records.size(); i++) {
      sb.append("  ").append(json(records.get(i))).append(i + 1 < records.size() ? ",\n" : "\n");
    }
    sb.append("]\n");
    atomicWrite(file, sb.toString());
  }

  /** JSON Lines, written to a temporary file and moved into place. */
  static void writeLines(Path file, List<Map<String, Object>> records) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Map<String, Object> r : records) {
      sb.append(json(r)).append('\n');
    }
    atomicWrite(file, sb.toString());
  }

  static String json(Object o) {
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static void atomicWrite(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
