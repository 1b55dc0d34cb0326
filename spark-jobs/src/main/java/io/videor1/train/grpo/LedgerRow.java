package io.videor1.train.grpo;

import java.io.Serializable;

/**
 * One response of a T-GRPO step, as the rollout ledger stores it.
 *
 * @param groupId the prompt's group within the step ({@code step-promptIndex})
 * @param shuffled whether the response was generated on shuffled frames (only compared, never trained on)
 * @param samplingSeed the seed the response was sampled with, derived from (run seed, step, prompt, sample)
 * @param failure why the sample could not be generated or scored, or null
 */
public record LedgerRow(
    int step,
    long weightVersion,
    String promptId,
    String problemType,
    String dataSource,
    String groupId,
    boolean shuffled,
    int sampleIndex,
    long samplingSeed,
    String completion,
    int completionTokens,
    String finishReason,
    double accuracy,
    double format,
    double temporalBonus,
    double lengthBonus,
    double totalReward,
    double advantage,
    String failure)
    implements Serializable {}
