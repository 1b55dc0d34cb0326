package io.videor1.eval;

import java.io.Serializable;

/**
 * One benchmark question with the model's output and its scores.
 *
 * @param prediction the reference's prediction: the answer tag's content, or the whole output without one
 * @param score the reference's item score in [0, 1] (accuracy, or MRA for regression)
 * @param robustPrediction the robust extractor's option letter (multiple choice) or the reference prediction
 * @param robustScore the item score with the robust extractor
 */
public record ScoredAnswer(
    String benchmark,
    long problemId,
    String problemType,
    String category,
    String output,
    String prediction,
    double score,
    String robustPrediction,
    double robustScore)
    implements Serializable {

  public boolean correct() {
    return score == 1.0;
  }
}
