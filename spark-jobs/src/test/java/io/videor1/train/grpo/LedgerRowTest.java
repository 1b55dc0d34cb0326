package io.videor1.train.grpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The ledger row builder fills the record's components in order and refuses a row with a field left unset. */
class LedgerRowTest {
  private static LedgerRow.Builder group() {
    return LedgerRow.builder().setStep(3).setWeightVersion(2).setPromptId("p").setProblemType("numerical")
        .setDataSource(null).setGroupId("3-1");
  }

  @Test
  void buildsTheRecordInComponentOrder() {
    LedgerRow row = group().sample().setShuffled(true).setSampleIndex(4).setSamplingSeed(99L).setCompletion("c")
        .setCompletionTokens(7).setFinishReason("eos").setAccuracy(1).setFormat(0.5).setTemporalBonus(0.3)
        .setLengthBonus(0.2).setTotalReward(2).setAdvantage(-1).build();
    assertEquals(new LedgerRow(3, 2, "p", "numerical", null, "3-1", true, 4, 99L, "c", 7, "eos", 1, 0.5, 0.3, 0.2, 2,
        -1, null, null, null), row);
    LedgerRow scored = group().sample().setShuffled(false).setSampleIndex(0).setSamplingSeed(1L).setCompletion("c")
        .setCompletionTokens(7).setFinishReason("eos").setAccuracy(1).setFormat(1).setTemporalBonus(0)
        .setLengthBonus(0).setTotalReward(2).setAdvantage(0.5).optTemporalScore(0.25).optPromptWeight(Double.NaN)
        .build();
    assertEquals(0.25, scored.temporalScore());
    assertEquals(null, scored.promptWeight(), "NaN: not measured");
  }

  @Test
  void aMissingFieldIsNamedAndSampleStartsWithoutPerResponseFields() {
    LedgerRow.Builder b = group();
    b.sample().setShuffled(false).setSampleIndex(0).setSamplingSeed(1L).setCompletion("x").setCompletionTokens(1)
        .setFinishReason("eos").setAccuracy(0).setFormat(0).setTemporalBonus(0).setLengthBonus(0).setTotalReward(0)
        .setAdvantage(0).build();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> b.sample().setShuffled(false).setSampleIndex(1).setSamplingSeed(2L).setCompletion("y")
            .setCompletionTokens(1).setFinishReason("eos").setAccuracy(0).setTemporalBonus(0).setLengthBonus(0)
            .setTotalReward(0).build());
    assertEquals("LedgerRow fields not set: format, advantage", e.getMessage());
    e = assertThrows(IllegalStateException.class, () -> LedgerRow.builder().setStep(1).sample().build());
    assertEquals("LedgerRow fields not set: weightVersion, promptId, problemType, dataSource, groupId, shuffled, "
        + "sampleIndex, samplingSeed, completion, completionTokens, finishReason, accuracy, format, temporalBonus, "
        + "lengthBonus, totalReward, advantage", e.getMessage());
  }
}
