package io.videor1.reward;

import java.util.Optional;

/**
 * The five answer types of Video-R1-260k and its evaluation files, with their exact wire strings (spec §1.2).
 *
 * <p>The strings are matched exactly, as the reference compares them: {@code "Multiple Choice"} or {@code "ocr"} are
 * not types, and such records score 0.
 */
public enum ProblemType {
  /** {@code "multiple choice"}: an option letter, scored by exact match. */
  MULTIPLE_CHOICE("multiple choice"),
  /** {@code "numerical"}: a number, scored by the decimal-flag and 2-decimal rule. */
  NUMERICAL("numerical"),
  /** {@code "OCR"}: transcribed text, scored by 1 − word error rate. */
  OCR("OCR"),
  /** {@code "free-form"}: free text, scored by mean ROUGE-1/2/L F-measure. */
  FREE_FORM("free-form"),
  /** {@code "regression"}: a quantity, scored by 1 − relative error (training) or MRA (evaluation). */
  REGRESSION("regression");

  private final String wireName;

  ProblemType(String wireName) {
    this.wireName = wireName;
  }

  /** The exact string used in the data files. */
  public String wireName() {
    return wireName;
  }

  /** The type whose wire string is exactly {@code s}, or empty (also for null). */
  public static Optional<ProblemType> fromWireName(String s) {
    for (ProblemType t : values()) {
      if (t.wireName.equals(s)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
