package io.videor1.synth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one run of {@code videor1 synth} wrote ({@code _synth.json}).
 *
 * @param byKind samples per split and kind, e.g. {@code train/multiple_choice}
 * @param byFamily samples per family over both splits
 * @param temporal samples whose answer changes when the frames are reversed, over both splits
 * @param cue the planted cue's own accuracy per split ({@code kind}, then {@code train} and {@code test}:
 *     {@code videos, cue_right, accuracy}), or null when {@code synth.cue = none}
 */
public record SynthSummary(
    String out,
    int train,
    int test,
    int videos,
    int images,
    long mediaBytes,
    int temporal,
    String codec,
    Map<String, Integer> byKind,
    Map<String, Integer> byFamily,
    double seconds,
    Map<String, Object> parameters,
    Map<String, Object> cue) {

  /** The {@code _synth.json} document. Timing is left out so that two runs write the same bytes. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("train", train);
    m.put("test", test);
    m.put("videos", videos);
    m.put("images", images);
    m.put("media_bytes", mediaBytes);
    m.put("temporal", temporal);
    m.put("codec", codec);
    m.put("by_kind", byKind);
    m.put("by_family", byFamily);
    m.put("parameters", parameters);
    if (cue != null) { // only the planted-shortcut split has it, so every other preset writes the bytes it did
      m.put("cue", cue);
    }
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The closing line printed by the command; with a planted cue, a second line with its accuracy per split. */
  public String line() {
    String s = String.format(
        "synth: %d train + %d test samples (%d videos, %d images, %d temporal) in %.1f s, %.1f MB of media, codec %s, in %s",
        train, test, videos, images, temporal, seconds, mediaBytes / 1e6, codec, out);
    if (cue == null) {
      return s;
    }
    return s + String.format("%nsynth: cue %s answers %s of the train videos and %s of the test videos", cue.get("kind"),
        share(cue.get("train")), share(cue.get("test")));
  }

  private static String share(Object split) {
    Map<?, ?> m = (Map<?, ?>) split;
    Object acc = m.get("accuracy");
    return (acc == null ? "none" : String.format(java.util.Locale.ROOT, "%.3f", (Double) acc)) + " ("
        + m.get("cue_right") + "/" + m.get("videos") + ")";
  }
}
