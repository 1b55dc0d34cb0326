package io.videor1.synth;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A viewer that answers a record from the ground truth of what is on screen ({@code *_truth.jsonl}), looking at the
 * sampled frames in a given order, as a perfect perception model would. Written independently of the generator: it
 * reads the question's wording and the items, never the generator's answer fields.
 */
final class TruthAnswerer {
  private static final Pattern LOOK = Pattern.compile("the (red|green|blue|yellow|purple|orange) (circle|square|triangle|diamond)");

  private TruthAnswerer() {}

  /** One item as seen in a frame. */
  record Seen(String id, String shape, String colour, double x, double y, String text) {
    String look() {
      return "the " + colour + " " + shape;
    }
  }

  /** The answer to {@code record} (a manifest record) seen through frames in {@code order} (indices into beats). */
  static String answer(JsonNode record, JsonNode truth, int[] order) {
    List<List<Seen>> seq = new ArrayList<>();
    for (int k : order) {
      seq.add(items(truth.get("beats").get(k)));
    }
    List<Seen> statics = items(truth.get("statics"));
    double[] times = new double[order.length];
    for (int j = 0; j < order.length && truth.has("times"); j++) {
      times[j] = truth.get("times").get(j).asDouble(); // the model sees position j at the j-th sampled time
    }
    String problem = record.get("problem").asText();
    String family = record.get("data_source").asText().substring("synth/".length());
    return switch (family) {
      case "direction" -> letter(record, direction(track(seq, named(problem))));
      case "speed_change" -> letter(record, speed(track(seq, named(problem)), times));
      case "describe" -> describe(seq, times);
      case "distance" -> String.valueOf(Math.round(pathLength(track(seq, named(problem)))));
      case "stop_time" -> num(times[lastMove(track(seq, named(problem)))]);
      case "appear_first" -> letter(record, firstOf(seq, true));
      case "disappear_first" -> letter(record, firstOf(seq, false));
      case "flash_count" -> String.valueOf(flashes(seq));
      case "bounce_count" -> String.valueOf(reversals(track(seq, named(problem))));
      case "enter_count" -> String.valueOf(entering(seq));
      case "ocr_caption" -> seq.get(0).get(0).text();
      case "ocr_sequence" -> wordsInOrder(seq);
      case "image_colour" -> letter(record, only(all(statics, seq), problem, "What colour is the (\\w+)\\?", 1).colour());
      case "image_shape" -> letter(record, only(all(statics, seq), problem, "What shape is the (\\w+) object\\?", 2).shape());
      case "image_count" -> String.valueOf(count(all(statics, seq), problem));
      case "colour" -> letter(record, seq.get(0).get(0).colour());
      case "first_colour" -> letter(record, shown(seq, true));
      case "last_colour" -> letter(record, shown(seq, false));
      default -> throw new IllegalArgumentException("unknown family " + family);
    };
  }

  static List<Seen> items(JsonNode arr) {
    List<Seen> out = new ArrayList<>();
    for (JsonNode n : arr) {
      out.add(new Seen(n.get("id").asText(), n.get("shape").asText(), n.get("colour").asText(), n.get("x").asDouble(),
          n.get("y").asDouble(), n.has("text") ? n.get("text").asText() : null));
    }
    return out;
  }

  private static String named(String problem) {
    Matcher m = LOOK.matcher(problem);
    if (!m.find()) {
      throw new IllegalArgumentException("no object named in: " + problem);
    }
    return m.group();
  }

  /** Positions of the one moving item with this look, per frame. */
  private static List<Seen> track(List<List<Seen>> seq, String look) {
    List<Seen> out = new ArrayList<>();
    for (List<Seen> frame : seq) {
      List<Seen> hits = frame.stream().filter(s -> s.look().equals(look)).toList();
      if (hits.size() != 1) {
        throw new IllegalStateException(hits.size() + " items look like " + look);
      }
      out.add(hits.get(0));
    }
    return out;
  }

  private static String direction(List<Seen> p) {
    double dx = p.get(p.size() - 1).x() - p.get(0).x();
    double dy = p.get(p.size() - 1).y() - p.get(0).y();
    return Math.abs(dx) > Math.abs(dy) ? (dx > 0 ? "right" : "left") : (dy > 0 ? "down" : "up");
  }

  private static String speed(List<Seen> p, double[] t) {
    int n = p.size();
    int m = (n - 1) / 2;
    double v1 = manhattan(p.get(0), p.get(m)) / (t[m] - t[0]);
    double v2 = manhattan(p.get(m), p.get(n - 1)) / (t[n - 1] - t[m]);
    return v2 > 1.25 * v1 ? "speeds up" : v1 > 1.25 * v2 ? "slows down" : "moves at a constant speed";
  }

  private static String describe(List<List<Seen>> seq, double[] t) {
    Seen first = seq.get(0).get(0);
    List<Seen> p = track(seq, first.look());
    String dir = switch (direction(p)) {
      case "right" -> "to the right";
      case "left" -> "to the left";
      default -> direction(p);
    };
    String how = switch (speed(p, t)) {
      case "speeds up" -> "and speeds up";
      case "slows down" -> "and slows down";
      default -> "at a steady speed";
    };
    return "The " + first.colour() + " " + first.shape() + " moves " + dir + " " + how + ".";
  }

  private static double manhattan(Seen a, Seen b) {
    return Math.abs(b.x() - a.x()) + Math.abs(b.y() - a.y());
  }

  private static double pathLength(List<Seen> p) {
    double d = 0;
    for (int j = 1; j < p.size(); j++) {
      d += manhattan(p.get(j - 1), p.get(j));
    }
    return d;
  }

  private static int lastMove(List<Seen> p) {
    int last = 0;
    for (int j = 1; j < p.size(); j++) {
      if (manhattan(p.get(j - 1), p.get(j)) > 1e-6) {
        last = j;
      }
    }
    return last;
  }

  /** The look of the item that is first to appear ({@code appear}) or first to be gone for good. */
  private static String firstOf(List<List<Seen>> seq, boolean appear) {
    Map<String, int[]> span = new LinkedHashMap<>();
    Map<String, String> looks = new LinkedHashMap<>();
    for (int j = 0; j < seq.size(); j++) {
      for (Seen s : seq.get(j)) {
        int jj = j;
        span.computeIfAbsent(s.id(), k -> new int[] {jj, jj})[1] = j;
        looks.put(s.id(), s.look());
      }
    }
    List<String> ids = new ArrayList<>(span.keySet());
    int[] a = span.get(ids.get(0));
    int[] b = span.get(ids.get(1));
    int ka = appear ? a[0] : a[1];
    int kb = appear ? b[0] : b[1];
    return ka == kb ? "both at the same time" : looks.get(ka < kb ? ids.get(0) : ids.get(1));
  }

  private static int flashes(List<List<Seen>> seq) {
    int c = 0;
    boolean was = false;
    for (List<Seen> f : seq) {
      boolean lit = !f.get(0).colour().equals("grey");
      c += lit && !was ? 1 : 0;
      was = lit;
    }
    return c;
  }

  private static int reversals(List<Seen> p) {
    int c = 0;
    double prev = 0;
    for (int j = 1; j < p.size(); j++) {
      double dx = p.get(j).x() - p.get(j - 1).x();
      if (Math.abs(dx) > 1e-9) {
        c += prev != 0 && Math.signum(dx) != Math.signum(prev) ? 1 : 0;
        prev = dx;
      }
    }
    return c;
  }

  private static int entering(List<List<Seen>> seq) {
    java.util.Set<String> atStart = new java.util.HashSet<>();
    seq.get(0).forEach(s -> atStart.add(s.id()));
    java.util.Set<String> later = new java.util.HashSet<>();
    seq.forEach(f -> f.forEach(s -> later.add(s.id())));
    later.removeAll(atStart);
    return later.size();
  }

  private static String wordsInOrder(List<List<Seen>> seq) {
    List<String> words = new ArrayList<>();
    for (List<Seen> f : seq) {
      for (Seen s : f) {
        if (!words.contains(s.text())) {
          words.add(s.text());
        }
      }
    }
    return String.join(" ", words);
  }

  private static List<Seen> all(List<Seen> statics, List<List<Seen>> seq) {
    List<Seen> out = new ArrayList<>(statics);
    out.addAll(seq.get(0));
    return out;
  }

  private static Seen only(List<Seen> items, String problem, String regex, int field) {
    Matcher m = Pattern.compile(regex).matcher(problem);
    if (!m.matches()) {
      throw new IllegalArgumentException("unexpected wording: " + problem);
    }
    String w = m.group(1);
    List<Seen> hits = items.stream().filter(s -> (field == 1 ? s.shape() : s.colour()).equals(w)).toList();
    if (hits.size() != 1) {
      throw new IllegalStateException(hits.size() + " items match '" + w + "' in: " + problem);
    }
    return hits.get(0);
  }

  private static long count(List<Seen> items, String problem) {
    Matcher m = Pattern.compile("How many (\\w+) (\\w+)s are there\\?").matcher(problem);
    if (!m.matches()) {
      throw new IllegalArgumentException("unexpected wording: " + problem);
    }
    return items.stream().filter(s -> s.colour().equals(m.group(1)) && s.shape().equals(m.group(2))).count();
  }

  /** The letter of the option whose text is {@code text}. */
  /** The colour of what the first (or last) frame shows: the demo's one object per frame. */
  private static String shown(List<List<Seen>> seq, boolean first) {
    List<Seen> frame = seq.get(first ? 0 : seq.size() - 1);
    if (frame.size() != 1) {
      throw new IllegalArgumentException("expected one object per frame, got " + frame);
    }
    return frame.get(0).colour();
  }

  private static String letter(JsonNode record, String text) {
    for (JsonNode o : record.get("options")) {
      String s = o.asText();
      if (s.substring(3).equals(text)) {
        return s.substring(0, 1);
      }
    }
    throw new IllegalStateException("no option '" + text + "' in " + record.get("options"));
  }

  private static String num(double v) {
    BigDecimal d = BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_EVEN).stripTrailingZeros();
    return d.signum() == 0 ? "0" : d.toPlainString();
  }

  /** Frame order helpers. */
  static int[] identity(int n) {
    int[] o = new int[n];
    for (int i = 0; i < n; i++) {
      o[i] = i;
    }
    return o;
  }

  static int[] reversed(int n) {
    int[] o = new int[n];
    for (int i = 0; i < n; i++) {
      o[i] = n - 1 - i;
    }
    return o;
  }
}
