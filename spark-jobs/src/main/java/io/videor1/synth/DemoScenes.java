package io.videor1.synth;

import io.videor1.reward.ProblemType;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo suite's families ({@code synth.suite = demo}): what a tiny model can learn to see on 2 CPU cores, and where
 * only the true frame order gives the answer.
 *
 * <ul>
 *   <li>{@code colour} (image): "What colour is the object?" One solid object.
 *   <li>{@code first_colour} / {@code last_colour} (video): "Which colour is shown first / last?" One object is shown
 *       in the first beats, then an object of another colour (and shape) in the rest, each at least two beats. In
 *       reverse the other colour comes first, so both are temporal; a shuffle keeps the answer about half the time.
 * </ul>
 *
 * <p>Each family asks one question text, and the options are always the six palette colours in palette order, so
 * neither the text nor the option order tells the answer: the standard suite's shuffled options and per-sample texts
 * let a tiny model memorise its training set instead (docs/training.md). Colours are drawn uniformly, so each letter
 * is the answer about a sixth of the time.
 */
final class DemoScenes {
  private DemoScenes() {}

  static Scene colour(SceneContext ctx) {
    Colour c = ctx.pick(Colour.PALETTE);
    Item it = Item.solid("target", ctx.pick(Shape.SOLIDS), c, ctx.between(0, ctx.cols - 1) + 0.5,
        ctx.between(0, ctx.rows - 1) + 0.5);
    SceneContext.Choices ch = palette();
    return ctx.image("colour", ProblemType.MULTIPLE_CHOICE, "What colour is the object?", ch.lettered(),
        ch.letterOf(c.word()), List.of(c.word() + "."), List.of(it));
  }

  static Scene firstColour(SceneContext ctx) {
    return sequence(ctx, true);
  }

  static Scene lastColour(SceneContext ctx) {
    return sequence(ctx, false);
  }

  private static Scene sequence(SceneContext ctx, boolean first) {
    List<Colour> two = ctx.sample(Colour.PALETTE, 2);
    Item a = placed(ctx, "a", two.get(0));
    Item b = placed(ctx, "b", two.get(1));
    int split = split(ctx, first); // beats [0, split) show a, the rest b: each at least two beats
    List<List<Item>> beats = SceneContext.beats(ctx.n, k -> List.of(k < split ? a : b));
    SceneContext.Choices ch = palette();
    Colour answer = first ? two.get(0) : two.get(1);
    Colour reversed = first ? two.get(1) : two.get(0);
    return ctx.video(first ? "first_colour" : "last_colour", ProblemType.MULTIPLE_CHOICE,
        "Which colour is shown " + (first ? "first" : "last") + "?", ch.lettered(), ch.letterOf(answer.word()),
        ch.letterOf(reversed.word()),
        List.of(thought(ctx, first, two.get(0), two.get(1))), beats);
  }

  /**
   * Where the first colour gives way to the second. Without a cue, anywhere that leaves each colour two beats. With
   * one, the answer is shown on more beats than the other colour when the cue agrees, on fewer when it misleads (never
   * a tie, so the majority colour always names one option): the first colour is the majority exactly when
   * {@code 2 * split > n}.
   */
  private static int split(SceneContext ctx, boolean first) {
    if (ctx.cue == ShortcutCue.Role.NONE) {
      return ctx.between(2, ctx.n - 2);
    }
    boolean firstIsMajority = (ctx.cue == ShortcutCue.Role.AGREES) == first;
    return firstIsMajority ? ctx.between(ctx.n / 2 + 1, ctx.n - 2) : ctx.between(2, (ctx.n - 1) / 2);
  }

  /**
   * What a video's thought says: the two colours in the order shown ("red, then blue."), with the recap the asked one
   * again ("red, then blue; last blue."); asked-first names the asked colour first ("blue, after red." for last), so the
   * letter always follows the first colour named and the question's word is read where the thought begins.
   */
  private static String thought(SceneContext ctx, boolean first, Colour a, Colour b) {
    if (ctx.cotAskedFirst && !first) {
      return b.word() + ", after " + a.word() + ".";
    }
    return a.word() + ", then " + b.word() + (ctx.cotRecap ? "; " + (first ? "first " : "last ") + (first ? a : b).word()
        : "") + ".";
  }

  private static Item placed(SceneContext ctx, String id, Colour c) {
    return Item.solid(id, ctx.pick(Shape.SOLIDS), c, ctx.between(0, ctx.cols - 1) + 0.5,
        ctx.between(0, ctx.rows - 1) + 0.5);
  }

  /** The six palette colours in palette order: A. red … F. orange. */
  private static SceneContext.Choices palette() {
    List<String> words = new ArrayList<>();
    Colour.PALETTE.forEach(c -> words.add(c.word()));
    return new SceneContext.Choices(words);
  }
}
