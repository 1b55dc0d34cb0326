package io.videor1.synth;

import com.typesafe.config.Config;
import io.videor1.vision.FrameSampler;
import io.videor1.vision.VisionBudget;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The resolved configuration of {@code videor1 synth}: one immutable record, validated on construction.
 *
 * <p>Every message names the configuration key and what it allows. The codec is only checked against this FFmpeg build
 * when the job starts ({@link VideoWriter#resolveCodec}), still before anything is written.
 *
 * @param shares the share of each kind, normalised to sum 1
 * @param cue the planted shortcut ({@code synth.cue}); {@link Cue#NONE} leaves every scene as before
 * @param cueTrainRate share of the training split's order-dependent videos whose cue gives the answer
 * @param cueTestRate the same share in the test split (0: the cue always points to a wrong option)
 */
public record SynthConfig(
    String out,
    int train,
    int test,
    long seed,
    int frames,
    double fps,
    int width,
    int height,
    int noise,
    int distractors,
    String codec,
    int cotSentences,
    int threads,
    Map<SampleKind, Double> shares,
    Suite suite,
    int cells,
    double objectScale,
    boolean cotConclusion,
    boolean cotRecap,
    boolean cotAskedFirst,
    Cue cue,
    double cueTrainRate,
    double cueTestRate) {

  /** Which question families the kinds draw from ({@link SceneFactory}). */
  public enum Suite {
    /** Every family of docs/synth.md: motion, events, counting, text, images. */
    STANDARD,
    /**
     * The demo's families: one large object's colour (images), and which colour is shown first or last (videos), with
     * one question text per family and the six colours always in the same option order, so that neither the text
     * nor the option order gives the answer away and a tiny model must look.
     */
    DEMO;

    static Suite parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("synth.suite must be standard or demo, got '" + s + "'");
      }
    }
  }

  /**
   * A static cue planted in the demo suite's order questions ({@code synth.cue}, docs/synth.md "The planted-shortcut
   * split"): something every frame order shows alike, which gives the order-dependent answer in some videos and a
   * wrong option in the others, at rates set per split.
   */
  public enum Cue {
    /** No cue: the scenes of every other preset. */
    NONE,
    /**
     * The colour shown on more of the sampled frames: the answer in a cue-agreeing video, the other shown colour in a
     * misleading one. A count of frames per colour, so shuffled or reversed frames show it as well as ordered ones.
     */
    MAJORITY_COLOUR;

    static Cue parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("synth.cue must be none or majority_colour, got '" + s + "'");
      }
    }

    /** The name in conf/synth.conf and in {@code _synth.json}. */
    public String confName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Test samples are numbered from here, so problem ids never collide across the two splits. */
  public static final long TEST_ID_BASE = 1_000_000L;

  /** Fewest sampled frames a scene needs (counting and ordering questions need room for their events). */
  public static final int MIN_BEATS = 8;

  public SynthConfig {
    require(!out.isBlank(), "synth.out", "an output directory (--out)");
    require(train >= 0 && train <= TEST_ID_BASE, "synth.train", "0 to " + TEST_ID_BASE + ", got " + train);
    require(test >= 0 && test <= TEST_ID_BASE, "synth.test", "0 to " + TEST_ID_BASE + ", got " + test);
    require(train + test > 0, "synth.train", "> 0 when synth.test is 0");
    require(fps > 0 && fps <= 60, "synth.fps", "in (0, 60], got " + fps);
    require(frames >= 2 && frames <= 4096, "synth.frames", "2 to 4096, got " + frames);
    int beats = FrameSampler.numFrames(frames, fps, VisionBudget.train());
    require(
        beats >= MIN_BEATS,
        "synth.frames",
        "long enough for Video-R1's sampler to take at least " + MIN_BEATS + " frames (frames / fps >= 4 s), got "
            + frames + " frames at " + fps + " fps, which it samples " + beats + " of");
    require(width >= 64 && width <= 1024 && width % 2 == 0, "synth.width", "an even number 64 to 1024, got " + width);
    require(height >= 64 && height <= 1024 && height % 2 == 0, "synth.height", "an even number 64 to 1024, got " + height);
    require(noise >= 0 && noise <= 64, "synth.noise", "0 to 64, got " + noise);
    require(distractors >= 0 && distractors <= 8, "synth.distractors", "0 to 8, got " + distractors);
    require(!codec.isBlank(), "synth.codec", "auto or an encoder name");
    require(cotSentences >= 1 && cotSentences <= 8, "synth.cot_sentences", "1 to 8, got " + cotSentences);
    require(threads >= 1 && threads <= 64, "synth.threads", "1 to 64, got " + threads);
    require(suite != null, "synth.suite", "standard or demo");
    require(cells >= 1 && cells <= 16, "synth.cells", "1 to 16, got " + cells);
    require(objectScale >= 0.5 && objectScale <= 1.35, "synth.object_scale", "0.5 to 1.35 (1.35 fills 97% of a "
        + "cell's width), got " + objectScale);
    require(suite == Suite.DEMO || !cotRecap, "synth.cot_recap", "false for the standard suite, got true");
    require(suite == Suite.DEMO || !cotAskedFirst, "synth.cot_asked_first", "false for the standard suite, got true");
    require(!(cotRecap && cotAskedFirst), "synth.cot_asked_first", "false when synth.cot_recap is true");
    require(suite == Suite.DEMO || cells >= 4, "synth.cells", ">= 4 for the standard suite (its motion and "
        + "counting scenes need room), got " + cells);
    require(cue != null, "synth.cue", "none or majority_colour");
    require(cueTrainRate >= 0 && cueTrainRate <= 1, "synth.cue_train_rate", "in [0, 1], got " + cueTrainRate);
    require(cueTestRate >= 0 && cueTestRate <= 1, "synth.cue_test_rate", "in [0, 1], got " + cueTestRate);
    require(cue == Cue.NONE || suite == Suite.DEMO, "synth.cue", "none for the standard suite (the cue is planted in "
        + "the demo's first/last colour videos), got " + cue.confName());
    shares = normalise(shares);
    require(cue == Cue.NONE || shares.get(SampleKind.MULTIPLE_CHOICE) > 0, "synth.cue", "none when "
        + "synth.share.multiple_choice is 0 (no video would carry it), got " + cue.confName());
    if (suite == Suite.DEMO) {
      for (SampleKind k : SampleKind.values()) {
        require(shares.get(k) == 0 || !SceneFactory.families(suite, k).isEmpty(), "synth.share." + k.confKey(),
            "0 under synth.suite = demo (its families are multiple-choice videos and images), got " + shares.get(k));
      }
    }
  }

  private static Map<SampleKind, Double> normalise(Map<SampleKind, Double> raw) {
    double sum = 0;
    for (SampleKind k : SampleKind.values()) {
      Double v = raw.get(k);
      require(v != null && v >= 0 && Double.isFinite(v), "synth.share." + k.confKey(), ">= 0, got " + v);
      sum += v;
    }
    require(sum > 0, "synth.share", "a positive share for at least one kind, all are 0");
    Map<SampleKind, Double> out = new EnumMap<>(SampleKind.class);
    for (SampleKind k : SampleKind.values()) {
      out.put(k, raw.get(k) / sum);
    }
    return Collections.unmodifiableMap(out);
  }

  private static void require(boolean ok, String key, String allowed) {
    if (!ok) {
      throw new IllegalArgumentException(key + " must be " + allowed);
    }
  }

  /** Maps the resolved HOCON (keys under {@code synth.}) to the record. */
  public static SynthConfig from(Config c) {
    // Full paths, so that a wrong type is reported as "synth.train has type STRING ...", naming the key.
    Map<SampleKind, Double> shares = new EnumMap<>(SampleKind.class);
    for (SampleKind kind : SampleKind.values()) {
      shares.put(kind, c.getDouble("synth.share." + kind.confKey()));
    }
    return new SynthConfig(
        c.getString("synth.out"),
        c.getInt("synth.train"),
        c.getInt("synth.test"),
        c.getLong("synth.seed"),
        c.getInt("synth.frames"),
        c.getDouble("synth.fps"),
        c.getInt("synth.width"),
        c.getInt("synth.height"),
        c.getInt("synth.noise"),
        c.getInt("synth.distractors"),
        c.getString("synth.codec").trim(),
        c.getInt("synth.cot_sentences"),
        c.getInt("synth.threads"),
        shares,
        Suite.parse(c.getString("synth.suite")),
        c.getInt("synth.cells"),
        c.getDouble("synth.object_scale"),
        c.getBoolean("synth.cot_conclusion"),
        c.getBoolean("synth.cot_recap"),
        c.getBoolean("synth.cot_asked_first"),
        Cue.parse(c.getString("synth.cue")),
        c.getDouble("synth.cue_train_rate"),
        c.getDouble("synth.cue_test_rate"));
  }

  /** A copy writing to another directory (tests and the demo). */
  public SynthConfig withOut(String dir) {
    return new SynthConfig(
        dir, train, test, seed, frames, fps, width, height, noise, distractors, codec, cotSentences, threads, shares,
        suite, cells, objectScale, cotConclusion, cotRecap, cotAskedFirst, cue, cueTrainRate, cueTestRate);
  }

  /** The share of {@code split}'s order-dependent videos whose cue gives the answer. */
  public double cueRate(String split) {
    return split.equals(SamplePlan.TEST) ? cueTestRate : cueTrainRate;
  }

  /**
   * The indices of the frames Video-R1's training sampler takes from one of these videos (2 fps, 4 to 16 frames):
   * the scene's beats. A scene is designed on them, so what the model sees is what the answer was computed from.
   */
  public int[] beatFrames() {
    int n = FrameSampler.numFrames(frames, fps, VisionBudget.train());
    return FrameSampler.frameIndices(frames, n);
  }
}
