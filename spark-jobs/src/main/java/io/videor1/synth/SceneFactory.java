package io.videor1.synth;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The question families of each {@link SampleKind}, and the one place a sample's scene is built.
 *
 * <p>Within a kind a family is drawn uniformly. Which families depend on frame order is a property of each scene
 * ({@link Scene#temporal()}), not of the family alone: a constant-speed motion reads the same backwards.
 */
public final class SceneFactory {
  /** A family: its name (the record's {@code data_source} suffix) and its builder. */
  record Family(String name, Function<SceneContext, Scene> build) {}

  static final Map<SampleKind, List<Family>> FAMILIES = Map.of(
      SampleKind.MULTIPLE_CHOICE, List.of(
          new Family("direction", MotionScenes::direction),
          new Family("appear_first", EventScenes::appearFirst),
          new Family("disappear_first", EventScenes::disappearFirst),
          new Family("speed_change", MotionScenes::speedChange)),
      SampleKind.NUMERICAL, List.of(
          new Family("flash_count", EventScenes::flashCount),
          new Family("bounce_count", EventScenes::bounceCount),
          new Family("enter_count", EventScenes::enterCount)),
      SampleKind.REGRESSION, List.of(
          new Family("distance", MotionScenes::distance),
          new Family("stop_time", MotionScenes::stopTime)),
      SampleKind.OCR, List.of(
          new Family("ocr_caption", TextScenes::caption),
          new Family("ocr_sequence", TextScenes::sequence)),
      SampleKind.FREE_FORM, List.of(new Family("describe", MotionScenes::describe)),
      SampleKind.IMAGE, List.of(
          new Family("image_colour", ImageScenes::colour),
          new Family("image_shape", ImageScenes::shape),
          new Family("image_count", ImageScenes::count)));

  /** The demo suite: only multiple-choice videos and images have families; the other kinds must have no share. */
  static final Map<SampleKind, List<Family>> DEMO_FAMILIES = Map.of(
      SampleKind.MULTIPLE_CHOICE, List.of(
          new Family("first_colour", DemoScenes::firstColour),
          new Family("last_colour", DemoScenes::lastColour)),
      SampleKind.IMAGE, List.of(new Family("colour", DemoScenes::colour)));

  private SceneFactory() {}

  /** Every family name of a kind in the standard suite, in draw order. */
  public static List<String> families(SampleKind kind) {
    return FAMILIES.get(kind).stream().map(Family::name).toList();
  }

  /** Every family name of a kind in {@code suite}, in draw order (empty: the suite has none of that kind). */
  public static List<String> families(SynthConfig.Suite suite, SampleKind kind) {
    return table(suite).getOrDefault(kind, List.of()).stream().map(Family::name).toList();
  }

  private static Map<SampleKind, List<Family>> table(SynthConfig.Suite suite) {
    return suite == SynthConfig.Suite.DEMO ? DEMO_FAMILIES : FAMILIES;
  }

  /** Builds the scene of one sample; {@code rng} must be the sample's own random source. */
  public static Scene build(SynthConfig cfg, SampleKind kind, SplittableRandom rng) {
    return build(cfg, kind, rng, ShortcutCue.Role.NONE);
  }

  /** The same, with the sample's planted cue doing what {@code cue} says ({@link ShortcutCue#roles}). */
  static Scene build(SynthConfig cfg, SampleKind kind, SplittableRandom rng, ShortcutCue.Role cue) {
    SceneContext ctx = new SceneContext(cfg, rng, cue);
    List<Family> fs = table(cfg.suite()).get(kind);
    if (fs == null) {
      throw new IllegalStateException("the " + cfg.suite() + " suite has no " + kind.confKey() + " family");
    }
    Family f = fs.get(rng.nextInt(fs.size()));
    Scene s = f.build().apply(ctx);
    if (!s.family().equals(f.name())) {
      throw new IllegalStateException("family " + f.name() + " built a scene named " + s.family());
    }
    return s;
  }
}
