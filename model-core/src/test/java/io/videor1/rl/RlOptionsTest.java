package io.videor1.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The builder starts at the reference values, copies an instance exactly, and still validates. */
class RlOptionsTest {
  @Test
  void builderStartsAtTheReferenceValues() {
    RlOptions ref = RlOptions.builder().build();
    assertEquals(RlOptions.defaults(), ref);
    assertEquals(
        new RlOptions(true, 0.8, 0.3, 0.1, 0.5, StatsScope.PER_GROUP, true, 320, 512, 0.2, 2, 0.04, 10.0, 1e-4, true,
            0.2, 0.2, AggMode.SEQ_MEAN_TOKEN_MEAN, 768, false, TemporalModeOptions.reference()),
        ref);
    RlOptions paper = RlOptions.paper();
    assertEquals(1.0, paper.temporalMu());
    assertEquals(1, paper.lengthMinCorrect());
    assertEquals(ref, paper.toBuilder().optTemporalMu(0.8).optLengthMinCorrect(2).build());
  }

  @Test
  void toBuilderRoundTripsEveryField() {
    RlOptions o = RlOptions.builder()
        .optTemporal(false)
        .optTemporalMu(0.9)
        .optTemporalAlpha(0.25)
        .optCorrectThreshold(0.5)
        .optShuffledShare(0.25)
        .optStatsScope(StatsScope.PER_BATCH)
        .optLengthControl(false)
        .optLengthMin(10)
        .optLengthMax(20)
        .optLengthBonus(0.1)
        .optLengthMinCorrect(3)
        .optBeta(0.0)
        .optKlClamp(5.0)
        .optAdvantageEpsilon(1e-6)
        .optScaleAdvantageByStd(false)
        .optClipLow(0.1)
        .optClipHigh(0.28)
        .optAggMode(AggMode.FIXED_LENGTH)
        .optMaxCompletionLength(64)
        .optDynamicSampling(true)
        .optTemporalMode(new TemporalModeOptions(TemporalMode.REFERENCE, 0.2, 0.5, 0.3, 0.1, 3.0))
        .build();
    assertEquals(
        new RlOptions(false, 0.9, 0.25, 0.5, 0.25, StatsScope.PER_BATCH, false, 10, 20, 0.1, 3, 0.0, 5.0, 1e-6, false,
            0.1, 0.28, AggMode.FIXED_LENGTH, 64, true,
            new TemporalModeOptions(TemporalMode.REFERENCE, 0.2, 0.5, 0.3, 0.1, 3.0)),
        o);
    assertEquals(o, o.toBuilder().build());
    assertEquals(RlOptions.paper(), RlOptions.paper().toBuilder().build());
  }

  @Test
  void invalidValuesFailNamingTheSetting() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RlOptions.builder().optShuffledShare(0).build());
    assertEquals("rl.shuffledShare must be in (0, 1] (got 0.0)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> RlOptions.defaults().toBuilder().optLengthMin(600).build());
    assertTrue(e.getMessage().startsWith("rl.lengthMin "), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> RlOptions.builder().optAggMode(null).build());
    assertTrue(e.getMessage().contains("rl.aggMode"), e.getMessage());
  }
}
