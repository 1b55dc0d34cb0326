package io.videor1.synth;

import static io.videor1.synth.SceneContext.num;

import io.videor1.reward.ProblemType;
import java.util.ArrayList;
import java.util.List;

/**
 * Families about events in time: which of two objects appears or disappears first (multiple choice), and how many
 * times a light flashes, a ball bounces or an object enters (numerical).
 *
 * <p>Order questions flip when the frames are reversed (appearing becomes disappearing); a flash or a bounce is the
 * same backwards, but an object that enters leaves, so "how many enter" becomes 0.
 */
final class EventScenes {
  private EventScenes() {}

  static Scene appearFirst(SceneContext ctx) {
    return order(ctx, true);
  }

  static Scene disappearFirst(SceneContext ctx) {
    return order(ctx, false);
  }

  /** A is shown over beats [a1, b1], B over [a2, b2] with a1 &lt; a2 and b1 &lt; b2: A both appears and leaves first. */
  private static Scene order(SceneContext ctx, boolean appear) {
    Item a0 = ctx.randomSolid("a", it -> true);
    Item b0 = ctx.randomSolid("b", it -> !it.describe().equals(a0.describe()));
    double[] pa = ctx.freeCell();
    double[] pb = ctx.freeCell();
    Item a = a0.at(pa[0], pa[1]);
    Item b = b0.at(pb[0], pb[1]);
    ctx.addDistractors(it -> it.describe().equals(a.describe()) || it.describe().equals(b.describe()));
    int n = ctx.n;
    int a1 = ctx.between(0, n / 4);
    int a2 = ctx.between(a1 + 1, n / 2);
    int b1 = ctx.between(Math.max(a2, n / 2), n - 2);
    int b2 = ctx.between(b1 + 1, n - 1);
    List<List<Item>> beats = SceneContext.beats(n, k -> {
      List<Item> on = new ArrayList<>();
      if (k >= a1 && k <= b1) {
        on.add(a);
      }
      if (k >= a2 && k <= b2) {
        on.add(b);
      }
      return on;
    });
    SceneContext.Choices ch = ctx.choices(List.of(a.describe(), b.describe(), "both at the same time"));
    List<String> reasoning;
    if (appear) {
      reasoning = List.of("Let me note when each object first shows up.",
          cap(a.describe()) + " is first visible at " + num(ctx.times[a1]) + " seconds.",
          cap(b.describe()) + " is first visible at " + num(ctx.times[a2]) + " seconds.",
          cap(a.describe()) + " appears earlier.");
    } else {
      reasoning = List.of("Let me note when each object is last visible.",
          cap(a.describe()) + " is last seen at " + num(ctx.times[b1]) + " seconds.",
          cap(b.describe()) + (b2 == n - 1 ? " is still there at the end." : " is last seen at " + num(ctx.times[b2]) + " seconds."),
          cap(a.describe()) + " disappears earlier.");
    }
    return ctx.video(appear ? "appear_first" : "disappear_first", ProblemType.MULTIPLE_CHOICE,
        "Which object " + (appear ? "appears" : "disappears") + " first?", ch.lettered(),
        ch.letterOf(a.describe()), ch.letterOf(b.describe()), reasoning, beats);
  }

  static Scene flashCount(SceneContext ctx) {
    Colour lit = ctx.pick(Colour.PALETTE);
    double[] p = ctx.freeCell();
    Item lamp = Item.solid("lamp", Shape.CIRCLE, lit, p[0], p[1]);
    ctx.addDistractors(it -> it.describe().equals(lamp.describe()));
    int c = ctx.between(1, Math.min(5, (ctx.n - 1) / 2));
    // 2c distinct cut points split the beats into off, on, off, ..., off runs.
    List<Integer> positions = new ArrayList<>();
    for (int i = 1; i < ctx.n; i++) {
      positions.add(i);
    }
    List<Integer> cuts = new ArrayList<>(ctx.sample(positions, 2 * c));
    cuts.sort(null);
    boolean[] on = new boolean[ctx.n];
    List<String> starts = new ArrayList<>();
    for (int f = 0; f < c; f++) {
      for (int k = cuts.get(2 * f); k < cuts.get(2 * f + 1); k++) {
        on[k] = true;
      }
      starts.add(num(ctx.times[cuts.get(2 * f)]));
    }
    List<List<Item>> beats = SceneContext.beats(ctx.n, k -> List.of(lamp.painted(on[k] ? lit : Colour.GREY)));
    return ctx.video("flash_count", ProblemType.NUMERICAL,
        "How many times does the " + lit.word() + " light flash?", List.of(), String.valueOf(c), String.valueOf(c),
        List.of("Let me count the times the grey lamp turns " + lit.word() + ".",
            "It lights up at " + list(starts) + " seconds.",
            "That is " + c + (c == 1 ? " flash." : " flashes.")),
        beats);
  }

  static Scene bounceCount(SceneContext ctx) {
    Item ball0 = ctx.randomSolid("ball", it -> it.shape() == Shape.CIRCLE);
    int row = ctx.between(0, ctx.rows - 1);
    for (int x = 0; x < ctx.cols; x++) {
      ctx.take(x + 0.5, row + 0.5);
    }
    for (int y = 0; y < ctx.rows; y++) {
      ctx.take(0.5, y + 0.5);
      ctx.take(ctx.cols - 0.5, y + 0.5);
    }
    ctx.addStatic(Item.solid("wall_left", Shape.WALL, Colour.GREY, 0.15, ctx.rows / 2.0));
    ctx.addStatic(Item.solid("wall_right", Shape.WALL, Colour.GREY, ctx.cols - 0.15, ctx.rows / 2.0));
    ctx.addDistractors(it -> it.describe().equals(ball0.describe()));
    double xl = 0.66;
    double xr = ctx.cols - 0.66;
    int b = ctx.between(1, Math.min(4, (ctx.n - 1) / 2));
    // Turn beats t_1 < ... < t_b in [1, n-2], at least 2 apart: spread the slack over the gaps at random.
    int[] turns = new int[b];
    int slack = ctx.n - 1 - 2 * b;
    int[] extra = new int[b + 1];
    for (int s = 0; s < slack; s++) {
      extra[ctx.rng.nextInt(b + 1)]++;
    }
    int t = 1 + extra[0];
    for (int i = 0; i < b; i++) {
      turns[i] = t;
      t += 2 + extra[i + 1];
    }
    boolean leftFirst = ctx.rng.nextBoolean();
    double[] keyX = new double[b + 2];
    int[] keyK = new int[b + 2];
    keyK[0] = 0;
    keyX[0] = xl + 0.5 + ctx.rng.nextDouble() * (xr - xl - 1);
    List<String> when = new ArrayList<>();
    for (int i = 0; i < b; i++) {
      keyK[i + 1] = turns[i];
      keyX[i + 1] = (i % 2 == 0) == leftFirst ? xl : xr;
      when.add(num(ctx.times[turns[i]]));
    }
    double lastWall = keyX[b];
    double towards = lastWall == xl ? xr : xl;
    keyK[b + 1] = ctx.n - 1;
    keyX[b + 1] = lastWall + (towards - lastWall) * (0.3 + 0.5 * ctx.rng.nextDouble());
    Item ball = ball0.at(0, row + 0.5);
    List<List<Item>> beats = SceneContext.beats(ctx.n, k -> {
      int seg = 0;
      while (keyK[seg + 1] < k) {
        seg++;
      }
      double u = ctx.progress(k, keyK[seg], keyK[seg + 1]);
      return List.of(ball.at(keyX[seg] + (keyX[seg + 1] - keyX[seg]) * u, ball.y()));
    });
    return ctx.video("bounce_count", ProblemType.NUMERICAL,
        "How many times does " + ball.describe() + " bounce off a wall?", List.of(), String.valueOf(b),
        String.valueOf(b),
        List.of("Let me follow " + ball.describe() + " between the two grey walls.",
            "It touches a wall and turns back at " + list(when) + " seconds.",
            "That is " + b + (b == 1 ? " bounce." : " bounces.")),
        beats);
  }

  static Scene enterCount(SceneContext ctx) {
    int c = ctx.between(1, Math.min(4, ctx.n - 2));
    List<Integer> slots = new ArrayList<>();
    for (int k = 1; k <= ctx.n - 2; k++) {
      slots.add(k);
    }
    List<Integer> entries = new ArrayList<>(ctx.sample(slots, c));
    entries.sort(null);
    List<Item> from = new ArrayList<>();
    List<Item> to = new ArrayList<>();
    List<String> when = new ArrayList<>();
    for (int j = 0; j < c; j++) {
      Item look = ctx.randomSolid("e" + j, it -> true);
      double[] d = ctx.freeCell();
      double[] edge = nearestEdge(ctx, d[0], d[1]);
      ctx.take(edge[0] + 0.5 * Math.signum(d[0] - edge[0]), edge[1] + 0.5 * Math.signum(d[1] - edge[1]));
      from.add(look.at(edge[0], edge[1]));
      to.add(look.at(d[0], d[1]));
      when.add(num(ctx.times[entries.get(j)]));
    }
    ctx.addDistractors(it -> false);
    List<List<Item>> beats = SceneContext.beats(ctx.n, k -> {
      List<Item> on = new ArrayList<>();
      for (int j = 0; j < c; j++) {
        int e = entries.get(j);
        if (k == e) {
          on.add(from.get(j));
        } else if (k > e) {
          on.add(to.get(j));
        }
      }
      return on;
    });
    return ctx.video("enter_count", ProblemType.NUMERICAL, "How many objects enter the scene?", List.of(),
        String.valueOf(c), "0",
        List.of("Let me count the objects that come in from the edges.",
            "New objects arrive at " + list(when) + " seconds.",
            "So " + c + (c == 1 ? " object enters." : " objects enter.")),
        beats);
  }

  /** The point on the frame's border nearest to a cell centre, on the same row or column. */
  private static double[] nearestEdge(SceneContext ctx, double x, double y) {
    double[][] edges = {{0, y}, {ctx.cols, y}, {x, 0}, {x, ctx.rows}};
    double[] dists = {x, ctx.cols - x, y, ctx.rows - y};
    int best = 0;
    for (int i = 1; i < 4; i++) {
      if (dists[i] < dists[best]) {
        best = i;
      }
    }
    return edges[best];
  }

  /** "1, 2.5 and 4". */
  static String list(List<String> xs) {
    if (xs.size() == 1) {
      return xs.get(0);
    }
    return String.join(", ", xs.subList(0, xs.size() - 1)) + " and " + xs.get(xs.size() - 1);
  }

  static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
