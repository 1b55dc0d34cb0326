package io.videor1.exec;

import io.videor1.prompt.FrameShuffle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a model is shown in place of a video's true frames, to measure whether it uses them: the frames as stored, a
 * seeded permutation of them (the one T-GRPO's shuffled group uses, {@link FrameShuffle}), the frames reversed, or
 * uniform grey frames of the same size and count at the video's own mean level (no content, the same brightness).
 *
 * <p>No peer reports this; a model whose answers do not move under {@link #BLANK} answers from the text alone, and
 * one that does not move under {@link #SHUFFLED} or {@link #REVERSED} does not use the order.
 */
public enum FrameProbe {
  ORDERED, SHUFFLED, REVERSED, BLANK;

  /** The lower-case name used in configuration keys and summaries. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a comma-separated list such as {@code shuffled,reversed,blank}; the message names {@code key}. */
  public static List<FrameProbe> parseList(String s, String key) {
    List<FrameProbe> out = new ArrayList<>();
    for (String part : s.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      FrameProbe f;
      try {
        f = valueOf(p.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(key + " lists '" + p + "'; allowed: shuffled, reversed, blank");
      }
      if (f == ORDERED) {
        throw new IllegalArgumentException(key + ": 'ordered' is always evaluated; list only shuffled, reversed, blank");
      }
      if (out.contains(f)) {
        throw new IllegalArgumentException(key + " lists '" + p + "' twice");
      }
      out.add(f);
    }
    return out;
  }

  /**
   * The frames shown under this probe. The shuffle is {@link FrameShuffle#permutation}(seed, 0, questionId), so it
   * replays; blank frames are new arrays, the others share the stored ones.
   *
   * @param frames the stored RGB frames, each height·width·3 bytes
   */
  public byte[][] apply(byte[][] frames, long seed, long questionId) {
    return switch (this) {
      case ORDERED -> frames;
      case SHUFFLED -> FrameShuffle.apply(frames, FrameShuffle.permutation(seed, 0, questionId, frames.length));
      case REVERSED -> {
        byte[][] r = new byte[frames.length][];
        for (int i = 0; i < frames.length; i++) {
          r[i] = frames[frames.length - 1 - i];
        }
        yield r;
      }
      case BLANK -> blank(frames);
    };
  }

  /** Frames of the same count and size, every byte the mean byte of all of {@code frames}. */
  static byte[][] blank(byte[][] frames) {
    long sum = 0;
    long n = 0;
    for (byte[] f : frames) {
      for (byte b : f) {
        sum += b & 0xff;
      }
      n += f.length;
    }
    byte level = (byte) (n == 0 ? 128 : Math.round(sum / (double) n));
    byte[][] out = new byte[frames.length][];
    for (int i = 0; i < frames.length; i++) {
      out[i] = new byte[frames[i].length];
      java.util.Arrays.fill(out[i], level);
    }
    return out;
  }
}
