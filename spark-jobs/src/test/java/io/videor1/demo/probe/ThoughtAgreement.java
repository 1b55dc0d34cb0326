package io.videor1.demo.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dev probe (not a test): where a demo's held-out answers go wrong, from its {@code answers.jsonl} and
 * {@code data/test_truth.jsonl} (args: the demo's output directory). For each model and frame probe it prints the
 * accuracy, how often the thought names the video's colours in the true order ("red, then blue.", or "blue, after
 * red." with {@code synth.cot_asked_first}) or the image's colour, and how often the answer letter is the one the thought implies (the first
 * colour it names for "first", the last one otherwise). A thought that is right far more often than the answer says
 * the model sees and keeps the order, and loses it between the thought and the letter.
 */
public final class ThoughtAgreement {
  private static final List<String> PALETTE = List.of("red", "green", "blue", "yellow", "purple", "orange");
  private static final Pattern THINK = Pattern.compile("<think>(.*?)</think>", Pattern.DOTALL);
  private static final Pattern COLOUR = Pattern.compile("\\b(red|green|blue|yellow|purple|orange)\\b");
  private static final Pattern ANSWER = Pattern.compile("<answer>\\s*([A-F])\\s*</answer>");

  private ThoughtAgreement() {}

  public static void main(String[] a) throws Exception {
    Path dir = Path.of(a[0]);
    ObjectMapper json = new ObjectMapper();
    Map<Long, JsonNode> truth = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(dir.resolve("data/test_truth.jsonl"))) {
      for (String line; (line = r.readLine()) != null; ) {
        JsonNode t = json.readTree(line);
        truth.put(t.get("problem_id").asLong(), t);
      }
    }
    Map<String, int[]> counts = new TreeMap<>(); // "model family probe" -> [n, correct, thoughtRight, agrees]
    try (BufferedReader r = Files.newBufferedReader(dir.resolve("answers.jsonl"))) {
      for (String line; (line = r.readLine()) != null; ) {
        JsonNode row = json.readTree(line);
        JsonNode item = row.get("item");
        JsonNode t = truth.get(item.get("problemId").asLong());
        if (t == null) {
          throw new IllegalArgumentException("answers.jsonl names problem " + item.get("problemId")
              + ", which data/test_truth.jsonl does not have");
        }
        List<String> shown = colours(t);
        String family = t.get("family").asText();
        item.get("output").fields().forEachRemaining(e -> {
          if (e.getKey().equals("BLANK")) {
            return; // nothing to see: neither the thought nor the answer can be right but by chance
          }
          String out = e.getValue().asText();
          List<String> named = named(out);
          Matcher m = ANSWER.matcher(out);
          String letter = m.find() ? m.group(1) : "";
          String implied = named.isEmpty() ? "" : letterOf(family.equals("first_colour") ? named.get(0)
              : named.get(named.size() - 1));
          int[] c = counts.computeIfAbsent(row.get("model").asText() + " " + family + " " + e.getKey(),
              k -> new int[4]);
          c[0]++;
          c[1] += letter.equals(t.get("answer").asText()) ? 1 : 0;
          c[2] += named.equals(shown) ? 1 : 0;
          c[3] += !letter.isEmpty() && letter.equals(implied) ? 1 : 0;
        });
      }
    }
    System.out.println("model family probe: n, accuracy, thought names what is shown in order, answer agrees with "
        + "the thought");
    counts.forEach((k, c) -> System.out.printf(Locale.ROOT, "%-32s %4d  acc %.3f  thought %.3f  agrees %.3f%n", k,
        c[0], c[1] / (double) c[0], c[2] / (double) c[0], c[3] / (double) c[0]));
  }

  /** The colours shown, in order, each once per run of frames. */
  private static List<String> colours(JsonNode truth) {
    List<String> out = new ArrayList<>();
    for (JsonNode beat : truth.get("beats")) {
      String c = beat.get(0).get("colour").asText();
      if (out.isEmpty() || !out.get(out.size() - 1).equals(c)) {
        out.add(c);
      }
    }
    return out;
  }

  private static List<String> named(String output) {
    Matcher think = THINK.matcher(output);
    List<String> out = new ArrayList<>();
    if (think.find()) {
      Matcher m = COLOUR.matcher(think.group(1));
      while (m.find()) {
        out.add(m.group(1));
      }
      if (think.group(1).contains(", after ")) {
        java.util.Collections.reverse(out); // synth.cot_asked_first: "blue, after red." shows red, then blue
      }
    }
    return out;
  }

  private static String letterOf(String colour) {
    return String.valueOf((char) ('A' + PALETTE.indexOf(colour)));
  }
}
