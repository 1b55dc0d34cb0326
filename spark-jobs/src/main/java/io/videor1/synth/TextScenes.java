package io.videor1.synth;

import io.videor1.reward.ProblemType;
import java.util.ArrayList;
import java.util.List;

/**
 * OCR families: a caption drifting across the frame (order does not matter) and words shown one after another
 * (read backwards, the words come in the reverse order).
 */
final class TextScenes {
  /** Short words in the bundled font's alphabet: letters, digits and a few symbols. */
  static final List<String> WORDS = List.of(
      "CAT", "DOG", "SUN", "MAP", "BOX", "FOX", "JAM", "KEY", "OWL", "PEN", "CUP", "HAT", "ZIP", "SKY", "BUS", "ICE",
      "TOP", "WAX", "NET", "RAIN", "GOLD", "LAMP", "MILK", "ROAD", "STAR", "TREE", "WIND", "FISH", "BIRD", "FROG",
      "KITE", "MOON", "SHIP", "BELL", "DOOR", "QUIZ", "JET", "VAN", "YAK", "EXIT", "42", "7", "A1", "K9", "B52",
      "2024", "100", "GO!", "OK?", "A+", "#1", "NO.5", "3:15", "1/2", "X-RAY");

  private TextScenes() {}

  private static List<String> fitting(SceneContext ctx) {
    return WORDS.stream().filter(w -> w.length() <= ctx.maxTextChars).toList();
  }

  static Scene caption(SceneContext ctx) {
    List<String> words = fitting(ctx);
    String text = ctx.pick(words);
    if (ctx.rng.nextBoolean()) {
      String second = ctx.pick(words);
      if (!second.equals(text) && text.length() + 1 + second.length() <= ctx.maxTextChars) {
        text = text + " " + second;
      }
    }
    int row = ctx.between(0, ctx.rows - 1);
    for (int x = 0; x < ctx.cols; x++) {
      ctx.take(x + 0.5, row + 0.5);
    }
    ctx.addDistractors(it -> false);
    // Keep the whole string in frame while it drifts: its half width in cells plus a quarter-cell margin.
    double half = ctx.textWidthCells(text) / 2 + 0.25;
    double lo = Math.min(half, ctx.cols / 2.0);
    double hi = Math.max(ctx.cols - half, ctx.cols / 2.0);
    double x0 = lo + ctx.rng.nextDouble() * (hi - lo);
    double x1 = lo + ctx.rng.nextDouble() * (hi - lo);
    Item item = Item.text("caption", text, x0, row + 0.5);
    List<List<Item>> beats = SceneContext.beats(ctx.n, k -> {
      double u = ctx.progress(k, 0, ctx.n - 1);
      return List.of(item.at(x0 + (x1 - x0) * u, item.y()));
    });
    return ctx.video("ocr_caption", ProblemType.OCR, "What text is written in the video?", List.of(), text, text,
        List.of("Let me read the letters in the frames.",
            "The text is in black capital letters in row " + (row + 1) + ".",
            "It reads " + text + " in every frame."),
        beats);
  }

  static Scene sequence(SceneContext ctx) {
    int w = ctx.between(2, Math.min(4, ctx.n / 2));
    List<String> words = ctx.sample(fitting(ctx), w);
    int row = ctx.between(0, ctx.rows - 1);
    for (int x = 0; x < ctx.cols; x++) {
      ctx.take(x + 0.5, row + 0.5);
    }
    ctx.addDistractors(it -> false);
    // Each word gets a run of at least two beats; the slack is spread at random; a run of three or more may start blank.
    int[] len = new int[w];
    for (int i = 0; i < w; i++) {
      len[i] = 2;
    }
    for (int s = 0; s < ctx.n - 2 * w; s++) {
      len[ctx.rng.nextInt(w)]++;
    }
    String[] shown = new String[ctx.n];
    int k = 0;
    for (int i = 0; i < w; i++) {
      boolean blankFirst = len[i] >= 3 && ctx.rng.nextBoolean();
      for (int j = 0; j < len[i]; j++, k++) {
        shown[k] = blankFirst && j == 0 ? null : words.get(i);
      }
    }
    double cx = ctx.cols / 2.0;
    List<List<Item>> beats = SceneContext.beats(ctx.n, b -> shown[b] == null
        ? List.of()
        : List.of(Item.text("w" + words.indexOf(shown[b]), shown[b], cx, row + 0.5)));
    List<String> reversedWords = new ArrayList<>(words);
    java.util.Collections.reverse(reversedWords);
    List<String> reasoning = new ArrayList<>(List.of("Let me read the words one at a time."));
    for (int i = 0; i < w; i++) {
      reasoning.add((i == 0 ? "First comes " : i == w - 1 ? "Last comes " : "Then comes ") + words.get(i) + ".");
    }
    return ctx.video("ocr_sequence", ProblemType.OCR,
        "Which words are shown, in the order they appear?", List.of(), String.join(" ", words),
        String.join(" ", reversedWords), reasoning, beats);
  }
}
