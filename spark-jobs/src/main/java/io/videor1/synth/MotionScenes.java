package io.videor1.synth;

import static io.videor1.synth.SceneContext.cell;
import static io.videor1.synth.SceneContext.num;

import io.videor1.reward.ProblemType;
import java.util.ArrayList;
import java.util.List;

/**
 * Families about one moving object: its direction (multiple choice), whether it speeds up (multiple choice), a
 * description of its motion (free-form), how far it travels (regression) and when it stops (regression).
 *
 * <p>Direction, speed change, description and stop time depend on frame order: played backwards the object moves the
 * other way, slows down instead of speeding up, and "stops" only at the last frame. Distance does not.
 */
final class MotionScenes {
  private MotionScenes() {}

  /** How position advances with time: u, u², 1-(1-u)². */
  enum Profile {
    SPEEDS_UP("speeds up", "and speeds up"),
    SLOWS_DOWN("slows down", "and slows down"),
    CONSTANT("moves at a constant speed", "at a steady speed");

    final String option;
    final String clause;

    Profile(String option, String clause) {
      this.option = option;
      this.clause = clause;
    }

    double progress(double u) {
      return switch (this) {
        case SPEEDS_UP -> u * u;
        case SLOWS_DOWN -> 1 - (1 - u) * (1 - u);
        case CONSTANT -> u;
      };
    }

    Profile reversed() {
      return this == SPEEDS_UP ? SLOWS_DOWN : this == SLOWS_DOWN ? SPEEDS_UP : CONSTANT;
    }

    static Profile draw(SceneContext ctx) {
      double r = ctx.rng.nextDouble();
      return r < 0.4 ? SPEEDS_UP : r < 0.8 ? SLOWS_DOWN : CONSTANT;
    }
  }

  /** A straight path of {@code d} cells from a random cell centre; {x0, y0, x1, y1}. */
  static double[] straight(SceneContext ctx, Direction dir, int d) {
    while (true) {
      int cx = ctx.between(0, ctx.cols - 1);
      int cy = ctx.between(0, ctx.rows - 1);
      if (dir.room(cx, cy, ctx.cols, ctx.rows) >= d) {
        double x0 = cx + 0.5;
        double y0 = cy + 0.5;
        ctx.takeSegment(x0, y0, x0 + dir.dx * d, y0 + dir.dy * d);
        return new double[] {x0, y0, x0 + dir.dx * d, y0 + dir.dy * d};
      }
    }
  }

  /** Longest straight path in {@code dir} on this grid. */
  static int span(SceneContext ctx, Direction dir) {
    return (dir.horizontal() ? ctx.cols : ctx.rows) - 1;
  }

  static List<List<Item>> moving(SceneContext ctx, Item who, double[] p, int m0, int m1, Profile profile) {
    return SceneContext.beats(ctx.n, k -> {
      double u = profile.progress(ctx.progress(k, m0, m1));
      return List.of(who.at(p[0] + (p[2] - p[0]) * u, p[1] + (p[3] - p[1]) * u));
    });
  }

  static Scene direction(SceneContext ctx) {
    Item who = ctx.randomSolid("target", it -> true);
    Direction dir = ctx.pick(Direction.ALL);
    double[] p = straight(ctx, dir, ctx.between(3, span(ctx, dir)));
    ctx.addDistractors(it -> it.describe().equals(who.describe()));
    int m0 = ctx.between(0, 1);
    int m1 = ctx.n - 1 - ctx.between(0, 1);
    SceneContext.Choices ch = ctx.choices(List.of("left", "right", "up", "down"));
    String axis = dir.horizontal() ? "column" : "row";
    String trend = dir == Direction.RIGHT || dir == Direction.DOWN ? "grows" : "shrinks";
    return ctx.video("direction", ProblemType.MULTIPLE_CHOICE,
        "In which direction does " + who.describe() + " move?", ch.lettered(),
        ch.letterOf(dir.word), ch.letterOf(dir.opposite().word),
        List.of("Let me follow " + who.describe() + " through the frames.",
            "At the start it is at " + cell(p[0], p[1]) + ".",
            "At the end it is at " + cell(p[2], p[3]) + ".",
            "Only its " + axis + " changes and it " + trend + ", so it moves " + dir.word + "."),
        moving(ctx, who.at(p[0], p[1]), p, m0, m1, Profile.CONSTANT));
  }

  static Scene speedChange(SceneContext ctx) {
    Item who = ctx.randomSolid("target", it -> true);
    Direction dir = ctx.pick(Direction.ALL);
    double[] p = straight(ctx, dir, ctx.between(4, span(ctx, dir)));
    ctx.addDistractors(it -> it.describe().equals(who.describe()));
    Profile profile = Profile.draw(ctx);
    List<List<Item>> beats = moving(ctx, who, p, 0, ctx.n - 1, profile);
    SceneContext.Choices ch = ctx.choices(List.of(
        Profile.SPEEDS_UP.option, Profile.SLOWS_DOWN.option, Profile.CONSTANT.option));
    List<String> reasoning = new ArrayList<>(List.of("Let me compare how fast " + who.describe() + " moves early and late."));
    reasoning.addAll(speeds(ctx, beats, profile));
    return ctx.video("speed_change", ProblemType.MULTIPLE_CHOICE,
        "How does the speed of " + who.describe() + " change?", ch.lettered(),
        ch.letterOf(profile.option), ch.letterOf(profile.reversed().option), reasoning, beats);
  }

  /** Sentences comparing the speed over the first and second half of the beats. */
  private static List<String> speeds(SceneContext ctx, List<List<Item>> beats, Profile profile) {
    int m = (ctx.n - 1) / 2;
    Item a = beats.get(0).get(0);
    Item b = beats.get(m).get(0);
    Item c = beats.get(ctx.n - 1).get(0);
    double v1 = dist(a, b) / (ctx.times[m] - ctx.times[0]);
    double v2 = dist(b, c) / (ctx.times[ctx.n - 1] - ctx.times[m]);
    String verdict = switch (profile) {
      case SPEEDS_UP -> "It covers more ground later, so it speeds up.";
      case SLOWS_DOWN -> "It covers less ground later, so it slows down.";
      case CONSTANT -> "The two speeds are the same, so its speed is constant.";
    };
    return List.of(
        "Until " + num(ctx.times[m]) + " seconds it moves about " + num(v1) + " cells per second.",
        "After that it moves about " + num(v2) + " cells per second.",
        verdict);
  }

  private static double dist(Item a, Item b) {
    return Math.abs(b.x() - a.x()) + Math.abs(b.y() - a.y());
  }

  static Scene describe(SceneContext ctx) {
    Item who = ctx.randomSolid("target", it -> true);
    Direction dir = ctx.pick(Direction.ALL);
    double[] p = straight(ctx, dir, ctx.between(4, span(ctx, dir)));
    ctx.addDistractors(it -> it.describe().equals(who.describe()));
    Profile profile = Profile.draw(ctx);
    List<List<Item>> beats = moving(ctx, who, p, 0, ctx.n - 1, profile);
    String name = "The " + who.colour().word() + " " + who.shape().word();
    String answer = name + " moves " + dir.phrase + " " + profile.clause + ".";
    String reversed = name + " moves " + dir.opposite().phrase + " " + profile.reversed().clause + ".";
    List<String> reasoning = new ArrayList<>(List.of(
        "Let me find the object that moves.",
        "It is " + who.describe() + ", going from " + cell(p[0], p[1]) + " to " + cell(p[2], p[3]) + "."));
    reasoning.addAll(speeds(ctx, beats, profile));
    return ctx.video("describe", ProblemType.FREE_FORM,
        "Describe in one sentence how the moving object moves.", List.of(), answer, reversed, reasoning, beats);
  }

  static Scene distance(SceneContext ctx) {
    Item who = ctx.randomSolid("target", it -> true);
    int cx;
    int cy;
    Direction d1;
    Direction d2;
    int len1;
    int len2;
    do {
      cx = ctx.between(0, ctx.cols - 1);
      cy = ctx.between(0, ctx.rows - 1);
      d1 = ctx.pick(Direction.ALL);
      d2 = ctx.pick(d1.perpendicular());
      int room1 = d1.room(cx, cy, ctx.cols, ctx.rows);
      len1 = room1 == 0 ? 0 : ctx.between(1, room1);
      int room2 = d2.room(cx + d1.dx * len1, cy + d1.dy * len1, ctx.cols, ctx.rows);
      len2 = ctx.between(0, room2);
    } while (len1 < 1 || len1 + len2 < 2);
    double x0 = cx + 0.5;
    double y0 = cy + 0.5;
    double x1 = x0 + d1.dx * len1;
    double y1 = y0 + d1.dy * len1;
    double x2 = x1 + d2.dx * len2;
    double y2 = y1 + d2.dy * len2;
    ctx.takeSegment(x0, y0, x1, y1);
    ctx.takeSegment(x1, y1, x2, y2);
    ctx.addDistractors(it -> it.describe().equals(who.describe()));
    int total = len1 + len2;
    int m0 = ctx.between(0, 1);
    int m1 = ctx.n - 1 - ctx.between(0, 1);
    final int l1 = len1;
    final Direction fd1 = d1;
    final Direction fd2 = d2;
    List<List<Item>> beats = SceneContext.beats(ctx.n, k -> {
      double s = total * ctx.progress(k, m0, m1);
      return s <= l1
          ? List.of(who.at(x0 + fd1.dx * s, y0 + fd1.dy * s))
          : List.of(who.at(x1 + fd2.dx * (s - l1), y1 + fd2.dy * (s - l1)));
    });
    String path = "It moves " + len1 + (len1 == 1 ? " cell " : " cells ") + d1.word
        + (len2 == 0 ? "." : ", then " + len2 + (len2 == 1 ? " cell " : " cells ") + d2.word + ".");
    String sum = len2 == 0 ? "That is " + total + " cells." : "In total that is " + len1 + " + " + len2 + " = " + total + " cells.";
    return ctx.video("distance", ProblemType.REGRESSION,
        "How many grid cells does " + who.describe() + " travel in total?", List.of(),
        String.valueOf(total), String.valueOf(total),
        List.of("Let me trace the path of " + who.describe() + ".", "It starts at " + cell(x0, y0) + ".", path, sum),
        beats);
  }

  static Scene stopTime(SceneContext ctx) {
    Item who = ctx.randomSolid("target", it -> true);
    Direction dir = ctx.pick(Direction.ALL);
    double[] p = straight(ctx, dir, ctx.between(2, span(ctx, dir)));
    ctx.addDistractors(it -> it.describe().equals(who.describe()));
    int m0 = ctx.between(0, 1);
    int stop = ctx.between(m0 + 2, ctx.n - 3);
    return ctx.video("stop_time", ProblemType.REGRESSION,
        "At which second does " + who.describe() + " stop moving?", List.of(),
        num(ctx.times[stop]), num(ctx.times[ctx.n - 1 - m0]),
        List.of("Let me find the last moment " + who.describe() + " changes position.",
            "It moves " + dir.phrase + " from " + cell(p[0], p[1]) + ".",
            "It reaches " + cell(p[2], p[3]) + " at " + num(ctx.times[stop]) + " seconds.",
            "After that it stays there until the end."),
        moving(ctx, who, p, m0, stop, Profile.CONSTANT));
  }
}
