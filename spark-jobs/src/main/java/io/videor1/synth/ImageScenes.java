package io.videor1.synth;

import static io.videor1.synth.SceneContext.cell;

import io.videor1.reward.ProblemType;
import java.util.ArrayList;
import java.util.List;

/**
 * Still-image families, because Video-R1 mixes images into its video data: the colour of a shape and the shape of a
 * colour (multiple choice), and how many objects of one look there are (numerical).
 */
final class ImageScenes {
  private ImageScenes() {}

  static Scene colour(SceneContext ctx) {
    Shape s = ctx.pick(Shape.SOLIDS);
    Colour c = ctx.pick(Colour.PALETTE);
    double[] p = ctx.freeCell();
    ctx.addDistractors(it -> it.shape() == s);
    List<Colour> others = new ArrayList<>(Colour.PALETTE);
    others.remove(c);
    List<String> texts = new ArrayList<>(List.of(c.word()));
    ctx.sample(others, 3).forEach(o -> texts.add(o.word()));
    SceneContext.Choices ch = ctx.choices(texts);
    return ctx.image("image_colour", ProblemType.MULTIPLE_CHOICE, "What colour is the " + s.word() + "?",
        ch.lettered(), ch.letterOf(c.word()),
        List.of("Let me find the " + s.word() + " in the image.",
            "There is only one " + s.word() + ", at " + cell(p[0], p[1]) + ".",
            "It is " + c.word() + "."),
        List.of(Item.solid("target", s, c, p[0], p[1])));
  }

  static Scene shape(SceneContext ctx) {
    Shape s = ctx.pick(Shape.SOLIDS);
    Colour c = ctx.pick(Colour.PALETTE);
    double[] p = ctx.freeCell();
    ctx.addDistractors(it -> it.colour() == c);
    List<String> texts = Shape.SOLIDS.stream().map(Shape::word).toList();
    SceneContext.Choices ch = ctx.choices(texts);
    return ctx.image("image_shape", ProblemType.MULTIPLE_CHOICE, "What shape is the " + c.word() + " object?",
        ch.lettered(), ch.letterOf(s.word()),
        List.of("Let me find the " + c.word() + " object in the image.",
            "There is only one " + c.word() + " object, at " + cell(p[0], p[1]) + ".",
            "It is a " + s.word() + "."),
        List.of(Item.solid("target", s, c, p[0], p[1])));
  }

  static Scene count(SceneContext ctx) {
    Shape s = ctx.pick(Shape.SOLIDS);
    Colour c = ctx.pick(Colour.PALETTE);
    int q = ctx.between(1, 6);
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < q; i++) {
      double[] p = ctx.freeCell();
      items.add(Item.solid("t" + i, s, c, p[0], p[1]));
    }
    ctx.addDistractors(it -> it.shape() == s && it.colour() == c);
    String what = c.word() + " " + s.plural();
    return ctx.image("image_count", ProblemType.NUMERICAL, "How many " + what + " are there?", List.of(),
        String.valueOf(q),
        List.of("Let me count the " + what + ".",
            "I find " + (q == 1 ? "one, at " + cell(items.get(0).x(), items.get(0).y()) : q + " of them") + ".",
            "Other objects differ in colour or shape."),
        items);
  }
}
