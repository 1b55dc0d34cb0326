package io.videor1.synth;

import io.videor1.reward.ProblemType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * What a question family needs to build one scene: the sample's random source, the grid, the sampled frames and the
 * cells already taken, plus the helpers every family shares (distractors, lettered options, number formatting).
 *
 * <p>One context serves one sample and is used by one thread; all randomness comes from its {@link SplittableRandom},
 * which is seeded by (seed, split, index), so a scene never depends on thread timing.
 */
final class SceneContext {
  static final String LETTERS = "ABCDEFGH";

  final SplittableRandom rng;
  final int cols;
  final int rows;
  /** Number of sampled frames (beats). */
  final int n;
  /** Seconds at which each beat is shown in the video. */
  final double[] times;
  /** Longest text, in characters, that fits across the frame. */
  final int maxTextChars;
  /** Whether a demo video's thought ends by naming the asked colour ({@code synth.cot_recap}). */
  final boolean cotRecap;
  /** Whether a demo video's thought names the asked colour first ({@code synth.cot_asked_first}). */
  final boolean cotAskedFirst;
  /** What this sample's planted cue must do ({@code synth.cue}); {@link ShortcutCue.Role#NONE} without one. */
  final ShortcutCue.Role cue;
  private final Grid grid;
  private final int distractorCount;
  private final boolean[][] taken;
  private final List<Item> statics = new ArrayList<>();

  SceneContext(SynthConfig cfg, SplittableRandom rng, ShortcutCue.Role cue) {
    this.rng = rng;
    this.cue = cue;
    this.grid = new Grid(cfg.width(), cfg.height(), cfg.cells());
    this.cols = grid.cols();
    this.rows = grid.rows();
    int[] frames = cfg.beatFrames();
    this.n = frames.length;
    this.times = new double[n];
    for (int k = 0; k < n; k++) {
      times[k] = frames[k] / cfg.fps();
    }
    this.maxTextChars = grid.maxTextChars();
    this.cotRecap = cfg.cotRecap();
    this.cotAskedFirst = cfg.cotAskedFirst();
    this.distractorCount = cfg.distractors();
    this.taken = new boolean[cols][rows];
  }

  /** Width of {@code text} as drawn, in cells. */
  double textWidthCells(String text) {
    return BitmapFont.width(text) * grid.fontScale() / grid.cellPx();
  }

  /** Uniform integer in [lo, hi]. */
  int between(int lo, int hi) {
    return lo + rng.nextInt(hi - lo + 1);
  }

  <T> T pick(List<T> xs) {
    return xs.get(rng.nextInt(xs.size()));
  }

  /** {@code k} distinct elements in random order. */
  <T> List<T> sample(List<T> xs, int k) {
    List<T> pool = new ArrayList<>(xs);
    List<T> out = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      out.add(pool.remove(rng.nextInt(pool.size())));
    }
    return out;
  }

  /** Marks the cell holding point (x, y) as used, so no distractor or later object is placed there. */
  void take(double x, double y) {
    int cx = (int) Math.floor(x);
    int cy = (int) Math.floor(y);
    if (cx >= 0 && cx < cols && cy >= 0 && cy < rows) {
      taken[cx][cy] = true;
    }
  }

  /** Marks every cell along a straight axis-aligned segment between two cell centres. */
  void takeSegment(double x0, double y0, double x1, double y1) {
    int steps = (int) Math.round(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0)));
    for (int s = 0; s <= steps; s++) {
      double t = steps == 0 ? 0 : (double) s / steps;
      take(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
    }
  }

  /** A random free cell, taken; returns its centre as {x, y}. */
  double[] freeCell() {
    List<int[]> free = new ArrayList<>();
    for (int y = 0; y < rows; y++) {
      for (int x = 0; x < cols; x++) {
        if (!taken[x][y]) {
          free.add(new int[] {x, y});
        }
      }
    }
    if (free.isEmpty()) {
      throw new IllegalStateException("no free cell left on a " + cols + "x" + rows + " grid");
    }
    int[] c = pick(free);
    taken[c[0]][c[1]] = true;
    return new double[] {c[0] + 0.5, c[1] + 0.5};
  }

  /** A random solid object identity (shape and palette colour) for which {@code allowed} holds. */
  Item randomSolid(String id, Predicate<Item> allowed) {
    for (int attempt = 0; attempt < 1000; attempt++) {
      Item it = Item.solid(id, pick(Shape.SOLIDS), pick(Colour.PALETTE), 0, 0);
      if (allowed.test(it)) {
        return it;
      }
    }
    throw new IllegalStateException("no object identity satisfies the family's constraint");
  }

  /** A static wall or other fixed item drawn in every frame. */
  void addStatic(Item it) {
    statics.add(it);
  }

  /**
   * Adds the configured number of static distractors on free cells; {@code forbidden} rejects identities a question
   * refers to (a distractor must never be "the red circle" when the question asks about the red circle).
   */
  void addDistractors(Predicate<Item> forbidden) {
    for (int i = 0; i < distractorCount; i++) {
      Item d = randomSolid("d" + i, forbidden.negate());
      double[] c = freeCell();
      statics.add(d.at(c[0], c[1]));
    }
  }

  /** Share of the time from beat {@code m0} to beat {@code m1} elapsed at beat {@code k}, clamped to [0, 1]. */
  double progress(int k, int m0, int m1) {
    double u = (times[k] - times[m0]) / (times[m1] - times[m0]);
    return Math.max(0, Math.min(1, u));
  }

  /** Beats built one at a time. */
  static List<List<Item>> beats(int n, IntFunction<List<Item>> beat) {
    List<List<Item>> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      out.add(beat.apply(k));
    }
    return out;
  }

  /** Multiple-choice options in random order; {@link Choices#letterOf} maps an option text to its letter. */
  Choices choices(List<String> texts) {
    List<String> order = sample(texts, texts.size());
    return new Choices(order);
  }

  /** A video scene with this context's statics. */
  Scene video(String family, ProblemType type, String problem, List<String> options, String answer,
      String reversed, List<String> reasoning, List<List<Item>> beats) {
    return new Scene(family, type, true, problem, options, answer, reversed, !answer.equals(reversed), reasoning,
        statics, beats);
  }

  /** An image scene: one beat, nothing temporal. */
  Scene image(String family, ProblemType type, String problem, List<String> options, String answer,
      List<String> reasoning, List<Item> items) {
    return new Scene(family, type, false, problem, options, answer, answer, false, reasoning, statics,
        List.of(items));
  }

  /** "1-based column c, row r" of a cell centre, as the thoughts say it. */
  static String cell(double x, double y) {
    return "column " + ((int) Math.floor(x) + 1) + ", row " + ((int) Math.floor(y) + 1);
  }

  /** A number as an answer: at most two decimals, no trailing zeros ("2.5", "3"). */
  static String num(double v) {
    BigDecimal d = BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_EVEN).stripTrailingZeros();
    return d.signum() == 0 ? "0" : d.toPlainString();
  }

  /** Options in display order with their letters. */
  record Choices(List<String> texts) {
    List<String> lettered() {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < texts.size(); i++) {
        out.add(LETTERS.charAt(i) + ". " + texts.get(i));
      }
      return out;
    }

    String letterOf(String text) {
      int i = texts.indexOf(text);
      if (i < 0) {
        throw new IllegalArgumentException("no option '" + text + "' in " + texts);
      }
      return String.valueOf(LETTERS.charAt(i));
    }
  }
}
