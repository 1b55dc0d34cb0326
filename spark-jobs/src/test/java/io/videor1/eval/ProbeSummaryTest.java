package io.videor1.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.videor1.exec.FrameProbe;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Probe scores and paired differences: images count with their ordered answer, categories on their own. */
class ProbeSummaryTest {
  private static ScoredAnswer answer(String type, String category, double score) {
    return new ScoredAnswer("b", 1, type, category, "", "", score, "", score);
  }

  private static ProbeSummary.Question video(String category, double ordered, double blank) {
    Map<FrameProbe, ScoredAnswer> p = new EnumMap<>(FrameProbe.class);
    p.put(FrameProbe.BLANK, answer("multiple choice", category, blank));
    return new ProbeSummary.Question(answer("multiple choice", category, ordered), true, p);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> get(Map<String, Object> m, String... path) {
    Map<String, Object> n = m;
    for (String k : path) {
      n = (Map<String, Object>) n.get(k);
    }
    return n;
  }

  @Test
  void imagesCountWithTheirOrderedAnswer() {
    List<ProbeSummary.Question> qs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      qs.add(video("motion", 1, i < 2 ? 1 : 0)); // 6 videos right; blank keeps 2
    }
    for (int i = 0; i < 4; i++) {
      qs.add(new ProbeSummary.Question(answer("multiple choice", "colour", i < 3 ? 1 : 0), false, Map.of()));
    }
    ProbeSummary s = ProbeSummary.of(qs, List.of(FrameProbe.BLANK), false, 0);
    Map<String, Object> blank = get(s.overall(), "blank");
    assertEquals((2 + 3) / 10.0, (Double) blank.get("score"), 1e-9, "the same questions as the ordered score (0.9)");
    assertEquals(6, blank.get("videos"));
    Map<String, Object> diff = get(blank, "diff");
    assertEquals(0.4, (Double) diff.get("mean"), 1e-9);
    assertEquals(10, diff.get("n"));
    assertTrue((Double) diff.get("lo") <= 0.4 && 0.4 <= (Double) diff.get("hi"), diff.toString());

    assertEquals(0.0, (Double) get(s.byCategory().get("colour"), "blank", "diff").get("hi"), 0.0, "images: no change");
    assertEquals(2 / 6.0, (Double) get(s.byCategory().get("motion"), "blank").get("score"), 1e-6);
    String md = s.toMarkdown("b", 0.9);
    assertTrue(md.contains("| blank | all | 10 | 50.0 | +40.0 | ["), md);
    assertTrue(md.contains("| blank | colour | 4 | 75.0 | +0.0 | [+0.0, +0.0] |"), md);
  }

  @Test
  void vsiBenchDifferenceIsOfItsOwnMetric() {
    List<ProbeSummary.Question> qs = new ArrayList<>();
    qs.add(video("count", 1, 0));
    qs.add(video("count", 0, 0));
    Map<FrameProbe, ScoredAnswer> p = new EnumMap<>(FrameProbe.class);
    p.put(FrameProbe.BLANK, answer("regression", "size", 0.2));
    qs.add(new ProbeSummary.Question(answer("regression", "size", 0.6), true, p));
    Map<String, Object> blank = get(ProbeSummary.of(qs, List.of(FrameProbe.BLANK), true, 0).overall(), "blank");
    // ordered (0.5 + 0.6) / 2 = 0.55, blank (0 + 0.2) / 2 = 0.1
    assertEquals(0.1, (Double) blank.get("score"), 1e-9);
    assertEquals(0.45, (Double) get(blank, "diff").get("mean"), 1e-9);
  }

  @Test
  void aVideoWithoutTheProbesAnswerIsLeftOutOfItsPairs() {
    List<ProbeSummary.Question> qs = List.of(video("m", 1, 0),
        new ProbeSummary.Question(answer("multiple choice", "m", 1), true, Map.of()));
    Map<String, Object> blank = get(ProbeSummary.of(qs, List.of(FrameProbe.BLANK), false, 0).overall(), "blank");
    assertEquals(1, get(blank, "diff").get("n"));
    assertEquals(1, blank.get("videos"));
  }
}
