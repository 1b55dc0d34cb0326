package io.videor1.synth;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The planted-shortcut split ({@code synth.cue}, docs/synth.md): which order-dependent videos carry a cue that gives
 * the answer, and what answer the cue gives.
 *
 * <p>Rates are exact by construction, as the kinds are: of a split's {@code v} multiple-choice videos exactly
 * {@code round(rate * v)} agree ({@link Role#AGREES}) and the rest mislead, and that list is shuffled with the split's
 * own seed stream ({@code sampleSeed(seed, split, -2)}; the kinds use {@code -1}), so which videos agree depends on
 * (seed, split, size) only, never on thread timing. The scene then draws its frame counts so that the cue does what its
 * role says ({@link DemoScenes}).
 */
final class ShortcutCue {
  /** What the cue of one sample does. */
  enum Role {
    /** No cue planted: images, and every sample when {@code synth.cue = none}. */
    NONE,
    /** The cue gives the answer. */
    AGREES,
    /** The cue gives a wrong option (the other colour shown). */
    MISLEADS
  }

  private ShortcutCue() {}

  /** The role of every sample of a split, in index order; {@code kinds} are the split's kinds. */
  static Role[] roles(SynthConfig cfg, String split, SampleKind[] kinds) {
    Role[] out = new Role[kinds.length];
    java.util.Arrays.fill(out, Role.NONE);
    if (cfg.cue() == SynthConfig.Cue.NONE) {
      return out;
    }
    List<Integer> videos = new ArrayList<>();
    for (int i = 0; i < kinds.length; i++) {
      if (kinds[i] == SampleKind.MULTIPLE_CHOICE) {
        videos.add(i);
      }
    }
    int agree = agreeing(cfg.cueRate(split), videos.size());
    List<Role> roles = new ArrayList<>(videos.size());
    for (int k = 0; k < videos.size(); k++) {
      roles.add(k < agree ? Role.AGREES : Role.MISLEADS);
    }
    SplittableRandom r = new SplittableRandom(SamplePlan.mix(SamplePlan.sampleSeed(cfg.seed(), split, -2)));
    for (int i = roles.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      Role t = roles.get(i);
      roles.set(i, roles.get(j));
      roles.set(j, t);
    }
    for (int k = 0; k < videos.size(); k++) {
      out[videos.get(k)] = roles.get(k);
    }
    return out;
  }

  /** How many of {@code videos} agree at {@code rate}: the nearest integer, halves up. */
  static int agreeing(double rate, int videos) {
    return (int) Math.floor(rate * videos + 0.5);
  }

  /**
   * The option letter the majority-colour cue gives for a video: the palette colour on the most sampled frames, or
   * null when two colours tie or the scene is a still image. Counted from the beats, so the order of frames is
   * irrelevant to it, which is what makes it a shortcut.
   */
  static String answer(Scene s) {
    if (!s.video()) {
      return null;
    }
    Map<Colour, Integer> frames = new EnumMap<>(Colour.class);
    for (List<Item> beat : s.beats()) {
      beat.stream().map(Item::colour).distinct().filter(Colour.PALETTE::contains)
          .forEach(c -> frames.merge(c, 1, Integer::sum));
    }
    Colour best = null;
    int most = 0;
    boolean tie = false;
    for (Map.Entry<Colour, Integer> e : frames.entrySet()) {
      if (e.getValue() > most) {
        best = e.getKey();
        most = e.getValue();
        tie = false;
      } else if (e.getValue() == most) {
        tie = true;
      }
    }
    if (best == null || tie) {
      return null;
    }
    String word = best.word();
    for (String o : s.options()) {
      if (o.substring(o.indexOf(". ") + 2).equals(word)) {
        return o.substring(0, o.indexOf('.'));
      }
    }
    return null;
  }

  /**
   * The cue's own accuracy on one split, as {@code _synth.json} reports it: of the videos carrying a cue, how many
   * the cue answers rightly. Measured on the generated scenes, not taken from the roles, so it checks them.
   */
  static Map<String, Object> accuracy(List<SynthSample> split) {
    int videos = 0;
    int right = 0;
    for (SynthSample s : split) {
      if (s.cueAnswer() != null) {
        videos++;
        right += s.cueAnswer().equals(s.scene().answer()) ? 1 : 0;
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("videos", videos);
    m.put("cue_right", right);
    m.put("accuracy", videos == 0 ? null : right / (double) videos);
    return m;
  }
}
