package io.videor1.synth;

import io.videor1.reward.ProblemType;

/**
 * The kinds of sample whose shares {@code synth.share.*} sets: one per Video-R1 problem type for videos, and still
 * images.
 */
public enum SampleKind {
  MULTIPLE_CHOICE("multiple_choice", ProblemType.MULTIPLE_CHOICE),
  NUMERICAL("numerical", ProblemType.NUMERICAL),
  REGRESSION("regression", ProblemType.REGRESSION),
  OCR("ocr", ProblemType.OCR),
  FREE_FORM("free_form", ProblemType.FREE_FORM),
  /** Still images; their families are multiple choice or numerical. */
  IMAGE("image", null);

  private final String confKey;
  private final ProblemType problemType;

  SampleKind(String confKey, ProblemType problemType) {
    this.confKey = confKey;
    this.problemType = problemType;
  }

  /** The key under {@code synth.share}. */
  public String confKey() {
    return confKey;
  }

  /** The problem type of every video of this kind; null for images, whose families differ. */
  public ProblemType problemType() {
    return problemType;
  }
}
