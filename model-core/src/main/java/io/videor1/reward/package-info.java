/**
 * Video-R1's rule-based rewards and evaluation scores (spec §4 and §7), with the reference's exact semantics: answer
 * extraction, the accuracy reward per problem type, the format reward, the length bonus, and the evaluation-time
 * scores (MRA, VSI-Bench's combination).
 *
 * <p>Pure Java on strings and arrays: Python's string, float and rounding semantics are reproduced where the
 * reference depends on them ({@link io.videor1.reward.PyText}, {@link io.videor1.reward.PythonFloat}), and the
 * quadratic parts of the reference (word edit distance, LCS) are computed bit-parallel so no input can stall a
 * rollout. Every departure from the reference is a switch in {@link io.videor1.reward.RewardOptions}.
 */
package io.videor1.reward;
