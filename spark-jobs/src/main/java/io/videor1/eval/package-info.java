/**
 * Evaluation on the Video-R1 benchmarks: benchmark files, TempCompass conversion, per-answer scoring as the reference's
 * {@code eval_bench.py} does (plus a robust multiple-choice extractor, reported beside it), summaries per benchmark and
 * category, frame probes (the same questions with shuffled, reversed or blank frames, and ordered − probe with a paired
 * bootstrap interval) to show whether a model uses the video, and an MLlib
 * {@link org.apache.spark.ml.evaluation.Evaluator}.
 */
package io.videor1.eval;
