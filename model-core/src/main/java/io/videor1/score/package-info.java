/**
 * Batch scoring of model outputs from files ({@code videor1 score}): reads JSON Lines or a JSON array of records,
 * scores each with the training accuracy and format rewards and the evaluation-time score of
 * {@link io.videor1.reward}, and writes per-row scores and a summary (per problem type, overall, and VSI-Bench's
 * combination). Entry point: {@link io.videor1.score.ScoreFiles#run}.
 */
package io.videor1.score;
